using Stockade.Yaml;

namespace Stockade.Tests.Input;

/// <summary>
/// Duplicate keys and merge keys (&lt;&lt;) applied as goyaml v2 applies them when decoding into a
/// map: document order, a later key or merge overwriting an earlier one.
/// </summary>
public class MappingKeyTests
{
    private static long IntOf(YMapping map, string key) => InputKit.Scalar(map, key).IntValue;

    [Fact]
    public void A_duplicate_key_keeps_the_last_value_and_is_reported_where_it_was_written_again()
    {
        var result = InputKit.Scan(InputKit.PodWithSecurityContext("privileged: false\nprivileged: true"));
        Assert.Empty(result.Errors);
        var privileged = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(11, privileged.Line);
        var duplicate = Assert.Single(result.Findings("duplicate-key"));
        Assert.Equal((11, 7), (duplicate.Line, duplicate.Column));
        Assert.Contains("first at line 10", duplicate.Message);
    }

    [Fact]
    public void A_duplicate_that_hides_privileged_true_behind_false_is_evaluated_as_false_and_still_reported()
    {
        var result = InputKit.Scan(InputKit.PodWithSecurityContext("privileged: true\nprivileged: false"));
        Assert.Empty(result.Findings("privileged-container"));
        Assert.Single(result.Findings("duplicate-key"));
    }

    [Fact]
    public void Merge_of_a_mapping_alias_applies_its_keys()
    {
        var root = InputKit.Root("base: &b {p: 1, q: 2}\nm:\n  <<: *b\n  z: 3\n");
        var m = Assert.IsType<YMapping>(root["m"]);
        Assert.Equal(["p", "q", "z"], m.Entries.Select(e => e.Key));
        Assert.Equal(1, IntOf(m, "p"));
    }

    [Fact]
    public void Merge_of_an_inline_mapping_applies_its_keys()
    {
        var m = InputKit.Root("<<: {a: 1}\nb: 2");
        Assert.Equal(1, IntOf(m, "a"));
        Assert.Equal(2, IntOf(m, "b"));
    }

    [Fact]
    public void In_a_merge_sequence_the_earlier_mapping_wins()
    {
        var root = InputKit.Root("a: &a {k: 1, only_a: 1}\nb: &b {k: 2, only_b: 2}\nm:\n  <<: [*a, *b]\n");
        var m = Assert.IsType<YMapping>(root["m"]);
        Assert.Equal(1, IntOf(m, "k"));
        Assert.Equal(1, IntOf(m, "only_a"));
        Assert.Equal(2, IntOf(m, "only_b"));
        Assert.Empty(InputKit.Parse("a: &a {k: 1}\nb: &b {k: 2}\nm:\n  <<: [*a, *b]\n").Diagnostics);
    }

    [Fact]
    public void A_merge_after_an_explicit_key_overrides_it_as_goyaml_v2_does_and_is_reported()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - name: app
                image: nginx
                securityContext:
                  privileged: false
                  <<: {privileged: true}
            """;
        var result = InputKit.Scan(yaml);
        Assert.Empty(result.Errors);
        Assert.Single(result.Findings("privileged-container"));
        var reported = Assert.Single(result.Findings("duplicate-key"));
        Assert.Equal((11, 7), (reported.Line, reported.Column));
        Assert.Contains("overridden by the later merge key", reported.Message);
    }

    [Fact]
    public void An_explicit_key_after_a_merge_wins_without_a_duplicate_report()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - name: app
                image: nginx
                securityContext:
                  <<: {privileged: false}
                  privileged: true
            """;
        var result = InputKit.Scan(yaml);
        Assert.Single(result.Findings("privileged-container"));
        Assert.Empty(result.Findings("duplicate-key"));
    }

    [Fact]
    public void An_explicit_key_written_twice_around_a_merge_is_still_a_duplicate()
    {
        var doc = InputKit.Parse("k: 1\n<<: {k: 2}\nk: 3\n");
        var m = Assert.IsType<YMapping>(doc.Root);
        Assert.Equal(3, IntOf(m, "k"));
        Assert.Contains(doc.Diagnostics, d => d.Kind == DiagnosticKind.MergeOverride);
        Assert.Contains(doc.Diagnostics, d => d.Kind == DiagnosticKind.DuplicateKey && d.Position.Line == 3);
    }

    [Fact]
    public void A_quoted_merge_key_is_an_ordinary_key()
    {
        var m = InputKit.Root("\"<<\": {a: 1}\n'<<': {b: 1}");
        var value = Assert.IsType<YMapping>(m["<<"]);
        Assert.Equal("b", Assert.Single(value.Entries).Key);
        Assert.Null(m["a"]);
    }

    [Fact]
    public void A_merge_tagged_merge_key_merges_even_when_quoted()
    {
        var m = InputKit.Root("!!merge \"<<\": {a: 1}");
        Assert.Equal(1, IntOf(m, "a"));
    }

    [Theory]
    [InlineData("<<: 1")]
    [InlineData("<<: [{a: 1}, 2]")]
    [InlineData("s: &s text\n<<: *s")]
    [InlineData("<<: ~")]
    [InlineData("s: &s [1]\n<<: [*s]")]
    public void Merging_anything_but_mappings_is_a_document_error(string yaml)
    {
        var doc = InputKit.Parse(yaml);
        Assert.Equal("map merge requires map or sequence of maps as the value", doc.Error?.Message);
    }

    [Theory]
    [InlineData("yes: a", "true")]
    [InlineData("y: a", "true")]
    [InlineData("n: a", "false")]
    [InlineData("1e-7: a", "1e-07")]
    [InlineData("0.0001: a", "0.0001")]
    [InlineData("123456.0: a", "123456")]
    [InlineData("-0.0: a", "-0")]
    [InlineData("No: a", "false")]
    [InlineData("on: a", "true")]
    [InlineData("0x10: a", "16")]
    [InlineData("010: a", "8")]
    [InlineData("1.5: a", "1.5")]
    [InlineData("1e3: a", "1000")]
    [InlineData("1e6: a", "1e+06")]
    [InlineData(".inf: a", ".inf")]
    [InlineData("'yes': a", "yes")]
    public void Keys_become_the_json_keys_sigs_k8s_io_yaml_makes(string yaml, string key)
    {
        Assert.Equal(key, Assert.Single(InputKit.Root(yaml).Entries).Key);
    }

    [Fact]
    public void Keys_that_collapse_to_the_same_json_key_are_duplicates()
    {
        var doc = InputKit.Parse("yes: 1\ntrue: 2\n");
        Assert.Equal(2, IntOf((YMapping)doc.Root!, "true"));
        Assert.Single(doc.Diagnostics, d => d.Kind == DiagnosticKind.DuplicateKey);
    }

    [Theory]
    [InlineData("~: a", "null")]
    [InlineData("18446744073709551615: a", "integer")]
    [InlineData("[a]: b", "scalar")]
    [InlineData("{a: 1}: b", "scalar")]
    public void Keys_the_yaml_to_json_conversion_rejects_are_errors(string yaml, string mentions)
    {
        var doc = InputKit.Parse(yaml);
        Assert.NotNull(doc.Error);
        Assert.Contains(mentions, doc.Error!.Value.Message);
    }

    [Fact]
    public void Json_duplicate_keys_keep_the_last_value_and_are_reported()
    {
        const string json = """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
             "spec": {"containers": [{"name": "a", "image": "x",
               "securityContext": {"privileged": false, "privileged": true}}]}}
            """;
        var result = InputKit.Scan(json, file: "pod.json");
        Assert.Empty(result.Errors);
        var privileged = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(3, privileged.Line);
        var duplicate = Assert.Single(result.Findings("duplicate-key"));
        Assert.Equal((3, 45), (duplicate.Line, duplicate.Column));
    }
}
