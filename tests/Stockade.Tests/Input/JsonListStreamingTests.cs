using System.Text;
using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Tests.Input;

/// <summary>
/// A JSON list (<c>kubectl get -o json</c>, a dump) is read item by item: each item is its own
/// document, with the file's positions and the paths the whole list would give.
/// </summary>
public class JsonListStreamingTests
{
    private static string Pod(string name) =>
        $$$"""{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "{{{name}}}"}, "spec": {"containers": [{"name": "c", "image": "x", "securityContext": {"privileged": true}}]}}""";

    // As kubectl writes it: keys sorted, so items come before kind.
    private static string List(params string[] items) =>
        "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n" + string.Join(",\n", items.Select(i => "        " + i)) + "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\"resourceVersion\": \"\"}\n}\n";

    private static List<RawDocument> Split(string json, ParseLimits? limits = null, bool seekable = true)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Stream stream = seekable ? new MemoryStream(bytes) : new OneWayStream(bytes);
        return DocumentSplitter.Split(stream, "list.json", limits ?? ParseLimits.Default, listItemsApart: true).ToList();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EachItemOfAListIsADocumentStartingWhereTheItemDoes(bool seekable)
    {
        var docs = Split(List(Pod("a"), Pod("b"), Pod("c")), seekable: seekable);

        Assert.Equal(3, docs.Count);
        Assert.Equal([4, 5, 6], docs.Select(d => d.StartLine));
        Assert.All(docs, d => Assert.Equal(9, d.StartColumn));
        Assert.Equal(["items[0]", "items[1]", "items[2]"], docs.Select(d => d.PathPrefix));
    }

    [Fact]
    public void FindingsInItemsPointIntoTheFileWithTheListsPaths()
    {
        var result = InputKit.Scan(List(Pod("a"), Pod("b")), file: "list.json");

        var privileged = result.Findings.Where(f => f.Rule == "privileged-container").ToList();
        Assert.Equal([(4, 144, "items[0].spec.containers[0].securityContext.privileged"), (5, 144, "items[1].spec.containers[0].securityContext.privileged")],
            privileged.Select(f => (f.Line, f.Column, f.Path)));
        Assert.Equal(["a", "b"], result.Objects.Select(o => o.Object.Name));
    }

    [Fact]
    public void AListInsideAListIsUnpackedWithItsPath()
    {
        var inner = """{"apiVersion": "v1", "kind": "List", "items": [""" + Pod("inner") + "]}";
        var result = InputKit.Scan(List(Pod("outer"), inner), file: "list.json");

        Assert.Equal(["outer", "inner"], result.Objects.Select(o => o.Object.Name));
        Assert.Contains(result.Findings, f => f.Path == "items[1].items[0].spec.containers[0].securityContext.privileged" && f.Line == 5);
    }

    [Fact]
    public void AKindEndingInListIsUnpackedAsKubectlDoes()
    {
        var docs = Split(List(Pod("a"), Pod("b")).Replace("\"kind\": \"List\"", "\"kind\": \"PodList\""));

        Assert.Equal(2, docs.Count);
    }

    [Fact]
    public void AListWithNullItemsHasNoObjectsAndNoError()
    {
        var result = InputKit.Scan("""{"apiVersion": "v1", "kind": "List", "items": null}""", file: "list.json");

        Assert.Empty(result.Objects);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void AnObjectWithItemsThatIsNotAListIsReadWhole()
    {
        // A kind not ending in List is the object itself, whatever its items hold.
        var docs = Split(List(Pod("a")).Replace("\"kind\": \"List\"", "\"kind\": \"Widget\""));

        var doc = Assert.Single(docs);
        Assert.Equal("", doc.PathPrefix);
    }

    [Fact]
    public void ADuplicateTopLevelKeyKeepsTheListWholeSoItsDiagnosticIsReported()
    {
        var json = List(Pod("a")).Replace("\"kind\": \"List\",", "\"kind\": \"List\",\n    \"kind\": \"List\",");

        var doc = Assert.Single(Split(json));
        Assert.Contains(doc.Parse(ParseLimits.Default).Single().Diagnostics, d => d.Kind == DiagnosticKind.DuplicateKey);
    }

    [Fact]
    public void AnItemTheAPIServerWouldRejectIsAnErrorAndTheOtherItemsAreStillChecked()
    {
        var bad = """{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad"}, "spec": {"containers": 5}}""";
        var result = InputKit.Scan(List(Pod("a"), bad, Pod("c")), file: "list.json");

        Assert.Equal(["a", "bad", "c"], result.Objects.Select(o => o.Object.Name));
        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Contains(result.Findings, f => f.Object.Name == "c" && f.Rule == "privileged-container");
    }

    [Fact]
    public void AnItemOverTheDocumentLimitIsAnErrorAtItsPositionAfterTheItemsBeforeIt()
    {
        var big = Pod("big").Replace("\"x\"", "\"" + new string('x', 2000) + "\"");
        var limits = ParseLimits.Default with { MaxDocumentBytes = 1000 };

        var result = InputKit.Scan(List(Pod("a"), big, Pod("c")), limits, file: "list.json");

        Assert.Equal(["a"], result.Objects.Select(o => o.Object.Name));
        var error = Assert.Single(result.Errors);
        Assert.Equal((5, 9), (error.Line, error.Column));
        Assert.Contains("items[1]", error.Message);
    }

    [Fact]
    public void ASyntaxErrorIsReportedWithItsPosition()
    {
        var result = InputKit.Scan(List(Pod("a"), "{\"apiVersion\": }"), file: "list.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Contains("JSON syntax error", error.Message);
    }

    /// <summary>A stream that cannot seek, as a pipe on stdin.</summary>
    private sealed class OneWayStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void A_second_items_key_is_read_as_a_Go_client_reads_it_and_reported()
    {
        var json = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [" + Pod("first") + "], \"items\": [" + Pod("second") + "]}";
        var result = InputKit.Scan(json, file: "list.json");

        // The last key wins, as kubectl decodes it, and the duplicate is a finding of its own.
        Assert.Equal(["second"], result.Objects.Select(o => o.Object.Name));
        Assert.Contains(result.Findings, f => f.Rule == "duplicate-key" && f.Message.Contains("\"items\""));
    }

    [Fact]
    public void An_item_over_the_limit_says_the_items_after_it_were_not_checked()
    {
        var big = Pod("big").Replace("\"x\"", "\"" + new string('x', 5000) + "\"");
        var docs = Split(List(Pod("a"), big, Pod("c")), new ParseLimits { MaxDocumentBytes = 2000 });

        var failed = Assert.Single(docs, d => d.Error != null);
        Assert.Contains("items[1] and any after it were not checked", failed.Error!.Value.Message);
        Assert.Contains("--max-document-bytes", failed.Error.Value.Message);
    }
}
