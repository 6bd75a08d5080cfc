using System.Text;
using Stockade.Yaml;

namespace Stockade.Tests.Input;

/// <summary>Streams split into documents as kubectl's YAML reader (apimachinery decoder.go) splits them.</summary>
public class StreamSplittingTests
{
    private static string Pod(string name, bool privileged) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
        spec:
          containers:
          - name: app
            image: nginx
            securityContext:
              privileged: {(privileged ? "true" : "false")}
        """;

    private static List<RawDocument> Split(string text, ParseLimits? limits = null) =>
        DocumentSplitter.Split(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.yaml", limits ?? ParseLimits.Default).ToList();

    [Fact]
    public void Documents_split_on_separator_lines_and_keep_their_file_lines()
    {
        var text = Pod("a", true) + "\n---\n" + Pod("b", true) + "\n--- # third\n" + Pod("c", true) + "\n";
        var result = InputKit.Scan(text);
        Assert.Empty(result.Errors);
        Assert.Equal(["a", "b", "c"], result.Objects.Select(o => o.Object.Name));
        Assert.Equal([10, 21, 32], result.Findings("privileged-container").Select(f => f.Line));
        Assert.Equal([1, 12, 23], result.Objects.Select(o => o.Line));
    }

    [Fact]
    public void Leading_trailing_and_repeated_separators_make_no_objects_and_no_errors()
    {
        var text = "---\n---\n" + Pod("a", true) + "\n---\n---\n\n---\n";
        var result = InputKit.Scan(text);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Notes);
        Assert.Equal(12, Assert.Single(result.Findings("privileged-container")).Line);
    }

    [Fact]
    public void Empty_and_comment_only_documents_are_skipped_silently()
    {
        var text = "# just a comment\n---\n\n---\n~\n---\n" + Pod("a", false);
        var result = InputKit.Scan(text);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Notes);
        Assert.Single(result.Objects);
    }

    [Theory]
    [InlineData("--- x: 1", 5)]
    [InlineData("---x", 4)]
    [InlineData("----", 4)]
    [InlineData("--- |", 5)]
    [InlineData("---   !!map", 7)]
    public void Content_after_a_separator_is_an_error_for_that_document_and_scanning_continues(string separator, int column)
    {
        var text = Pod("a", true) + "\n" + separator + "\nkind: Whatever\n---\n" + Pod("c", true);
        var result = InputKit.Scan(text);
        var error = Assert.Single(result.Errors);
        Assert.Equal((11, column), (error.Line, error.Column));
        Assert.Contains("kubectl rejects it", error.Message);
        Assert.Equal(["a", "c"], result.Objects.Select(o => o.Object.Name));
    }

    [Fact]
    public void Content_after_a_final_separator_without_newline_is_reported()
    {
        var result = InputKit.Scan(Pod("a", false) + "\n--- oops");
        var error = Assert.Single(result.Errors);
        Assert.Equal((11, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Separators_are_only_recognised_at_the_start_of_a_line()
    {
        var docs = Split("a: |\n  ---\n  text\nb: ' ---'\n");
        Assert.Single(docs);
    }

    [Fact]
    public void A_second_document_after_an_end_marker_is_reported_as_ignored()
    {
        var text = Pod("a", false) + "\n...\n" + Pod("hidden", true) + "\n---\n" + Pod("c", false);
        var result = InputKit.Scan(text);
        Assert.Empty(result.Errors);
        Assert.Equal(["a", "c"], result.Objects.Select(o => o.Object.Name));
        Assert.Empty(result.Findings("privileged-container"));
        var ignored = Assert.Single(result.Findings("duplicate-key"));
        Assert.Equal(12, ignored.Line);
        Assert.Contains("never read it", ignored.Message);
    }

    [Fact]
    public void An_end_marker_alone_ends_the_document_quietly()
    {
        var result = InputKit.Scan(Pod("a", true) + "\n...\n");
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings("duplicate-key"));
        Assert.Single(result.Findings("privileged-container"));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Pod("a", true))).ToArray();
        var result = InputKit.ScanBytes(bytes);
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal((10, 7), (finding.Line, finding.Column));
    }

    [Fact]
    public void Crlf_line_endings_keep_lines_and_columns()
    {
        var text = (Pod("a", true) + "\n---\n" + Pod("b", true)).Replace("\n", "\r\n") + "\r\n";
        var result = InputKit.Scan(text);
        Assert.Empty(result.Errors);
        Assert.Equal([(10, 7), (21, 7)], result.Findings("privileged-container").Select(f => (f.Line, f.Column)));
    }

    [Fact]
    public void Crlf_error_positions_are_right()
    {
        var text = (Pod("a", false) + "\n---\nkind: Pod\napiVersion: v1\nspec: {containers: [{name: a, securityContext: {privileged: 'yes'}}]}\n").Replace("\n", "\r\n");
        var error = Assert.Single(InputKit.Scan(text).Errors);
        var badLine = text.Split("\r\n")[13];
        Assert.Equal((14, badLine.IndexOf("'yes'") + 1), (error.Line, error.Column));
    }

    [Fact]
    public void A_file_without_a_trailing_newline_is_read_whole()
    {
        var result = InputKit.Scan(Pod("a", false) + "\n---\n" + Pod("b", true));
        Assert.Equal(2, result.Objects.Count);
        Assert.Equal(21, Assert.Single(result.Findings("privileged-container")).Line);
    }

    [Fact]
    public void A_separator_without_trailing_newline_ends_the_stream()
    {
        var docs = Split("a: 1\n---");
        Assert.Equal("a: 1\n", Assert.Single(docs).Text);
    }

    [Fact]
    public void Documents_longer_than_the_read_buffer_split_correctly()
    {
        var big = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n" +
                  string.Concat(Enumerable.Range(0, 5000).Select(i => $"  k{i}: value-{i}\n"));
        var result = InputKit.Scan(big + "---\n" + Pod("a", true));
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Objects.Count);
        Assert.Equal(5006 + 10, Assert.Single(result.Findings("privileged-container")).Line);
    }

    [Fact]
    public void One_bad_document_does_not_stop_the_others()
    {
        var text = Pod("a", true) + "\n---\nkey: [unclosed\n---\n" + InputKit.PodWithSecurityContext("privileged: \"true\"") + "\n---\n" + Pod("d", true);
        var result = InputKit.Scan(text);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("test.yaml", e.File));
        Assert.InRange(result.Errors[0].Line, 12, 13);
        Assert.StartsWith("YAML syntax error", result.Errors[0].Message);
        Assert.Equal((23, 19), (result.Errors[1].Line, result.Errors[1].Column));
        Assert.Equal([10, 34], result.Findings("privileged-container").Select(f => f.Line));
    }

    [Fact]
    public void Non_kubernetes_yaml_is_a_note_and_leaves_the_exit_code_alone()
    {
        var text = "replicaCount: 3\nimage:\n  tag: latest\n---\n- a\n- b\n---\njust a scalar\n---\n" + Pod("a", false);
        var result = InputKit.Scan(text);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Notes.Count);
        Assert.Equal([1, 5, 8], result.Notes.Select(n => n.Line));
        Assert.Contains("no apiVersion or kind", result.Notes[0].Message);
        Assert.Contains("not a mapping", result.Notes[1].Message);
        Assert.Equal(InputKit.Scan(Pod("a", false)).Outcome, result.Outcome);
    }

    [Fact]
    public void A_leading_comment_then_a_json_object_is_read_as_yaml()
    {
        var result = InputKit.Scan("# generated\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"containers\": [{\"name\": \"a\", \"securityContext\": {\"runAsUser\": 1e3, \"privileged\": true}}]}}\n");
        Assert.Empty(result.Errors);
        Assert.Single(result.Findings("privileged-container"));
    }
}
