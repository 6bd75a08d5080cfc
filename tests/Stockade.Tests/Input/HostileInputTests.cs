using System.Text;
using Stockade.Yaml;

namespace Stockade.Tests.Input;

/// <summary>Anchors and aliases, and the limits that stop hostile input with a clear error.</summary>
public class HostileInputTests
{
    private static readonly ParseLimits Small = new() { MaxAliasExpansion = 10_000, MaxDepth = 64, MaxDocumentBytes = 4096 };

    [Fact]
    public void An_alias_shares_the_anchored_node()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - name: a
                image: x
                securityContext: &sc
                  privileged: true
              - name: b
                image: x
                securityContext: *sc
            """;
        var result = InputKit.Scan(yaml);
        var findings = result.Findings("privileged-container");
        Assert.Equal(["a", "b"], findings.Select(f => f.Container));
        // Both point at the one place the value was written.
        Assert.All(findings, f => Assert.Equal(10, f.Line));
        Assert.Equal(["spec.containers[0].securityContext.privileged", "spec.containers[1].securityContext.privileged"], findings.Select(f => f.Path));
    }

    [Fact]
    public void An_alias_to_an_undefined_anchor_is_an_error_at_the_alias()
    {
        var doc = InputKit.Parse("a: 1\nb: *nowhere\n");
        Assert.Contains("unknown anchor 'nowhere'", doc.Error!.Value.Message);
        Assert.Equal((2, 4), (doc.Error.Value.Position.Line, doc.Error.Value.Position.Column));
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_an_error()
    {
        Assert.NotNull(InputKit.Parse("a: &a [1, *a]").Error);
    }

    [Fact]
    public void A_redefined_anchor_refers_to_its_latest_definition()
    {
        var root = InputKit.Root("a: &x 1\nb: &x 2\nc: *x");
        Assert.Equal(2, InputKit.Scalar(root, "c").IntValue);
    }

    [Fact]
    public void Billion_laughs_stops_at_the_alias_budget()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 30; i++)
        {
            yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }
        var doc = InputKit.Parse(yaml.ToString(), Small);
        Assert.NotNull(doc.Error);
        Assert.Contains("aliases and merge keys expand to more than 10,000 nodes", doc.Error!.Value.Message);
        Assert.InRange(doc.Error.Value.Position.Line, 2, 6);
    }

    [Fact]
    public void A_merge_key_bomb_stops_at_the_alias_budget()
    {
        var yaml = new StringBuilder("m0: &m0 {").Append(string.Join(", ", Enumerable.Range(0, 50).Select(i => $"k{i}: v"))).Append("}\n");
        for (var i = 1; i < 40; i++)
        {
            yaml.Append($"m{i}: &m{i}\n  <<: [").Append(string.Join(", ", Enumerable.Repeat($"*m{i - 1}", 10))).Append("]\n");
            yaml.Append($"  x{i}: *m{i - 1}\n");
        }
        var doc = InputKit.Parse(yaml.ToString(), Small);
        Assert.NotNull(doc.Error);
        Assert.Contains("(an alias bomb?)", doc.Error!.Value.Message);
    }

    [Fact]
    public void A_merge_of_many_keys_counts_against_the_budget_even_without_aliases_in_values()
    {
        var yaml = new StringBuilder("m0: &m0 {").Append(string.Join(", ", Enumerable.Range(0, 200).Select(i => $"k{i}: v"))).Append("}\n");
        for (var i = 0; i < 100; i++) yaml.Append($"c{i}: {{<<: *m0}}\n");
        var doc = InputKit.Parse(yaml.ToString(), Small);
        Assert.Contains("(an alias bomb?)", doc.Error?.Message);
    }

    [Fact]
    public void Ordinary_anchor_use_stays_within_the_default_budget()
    {
        var yaml = new StringBuilder("base: &base {a: 1, b: 2}\n");
        for (var i = 0; i < 1000; i++) yaml.Append($"c{i}: {{<<: *base, c: {i}}}\n");
        Assert.Null(InputKit.Parse(yaml.ToString()).Error);
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    public void Deep_flow_nesting_is_a_clear_error_not_a_stack_overflow(char open)
    {
        var yaml = "a: " + new string(open, 100_000);
        var doc = InputKit.Parse(yaml);
        Assert.NotNull(doc.Error);
        Assert.Contains("nesting deeper than 512 levels", doc.Error!.Value.Message);
    }

    [Fact]
    public void Deep_block_nesting_is_a_clear_error()
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < 100; i++) yaml.Append(' ', i).Append("k:\n");
        var doc = InputKit.Parse(yaml.ToString(), Small);
        Assert.Contains("nesting deeper than 64 levels", doc.Error?.Message);
        Assert.Equal(65, doc.Error!.Value.Position.Line);
    }

    [Fact]
    public void Deep_json_nesting_is_a_clear_error()
    {
        var json = "{\"a\":" + new string('[', 100_000);
        var result = InputKit.Scan(json, file: "deep.json");
        var error = Assert.Single(result.Errors);
        Assert.Contains("nesting deeper than 512 levels", error.Message);
        Assert.Equal((1, 517), (error.Line, error.Column)); // the 513th level
    }

    [Fact]
    public void A_deep_stream_through_the_scanner_reports_an_error_and_goes_on_to_the_next_document()
    {
        var text = "a: " + new string('[', 100_000) + "\n---\n" + InputKit.PodWithSecurityContext("privileged: true");
        var result = InputKit.Scan(text);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Single(result.Findings("privileged-container"));
    }

    [Fact]
    public void A_huge_scalar_past_the_document_limit_fails_that_document_only()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  big: " + new string('x', 20_000) + "\n  more: y\n---\n"
                   + InputKit.PodWithSecurityContext("privileged: true");
        var result = InputKit.Scan(text, Small);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("document larger than the 4,096-byte limit", error.Message);
        var finding = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(16, finding.Line);
    }

    [Fact]
    public void A_huge_json_stream_past_the_limit_is_an_error()
    {
        var json = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": {\"big\": \"" + new string('x', 20_000) + "\"}}";
        var result = InputKit.Scan(json, Small, "big.json");
        Assert.Contains("larger than the 4,096-byte document limit", Assert.Single(result.Errors).Message);
    }
}
