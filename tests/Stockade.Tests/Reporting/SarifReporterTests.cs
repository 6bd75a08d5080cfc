using System.Text.Json;
using NJsonSchema;
using Stockade.Engine;
using Stockade.Reporting;
using static Stockade.Tests.Reporting.ReportFixtures;

namespace Stockade.Tests.Reporting;

public class SarifReporterTests
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromFileAsync(RepoPaths.SharedSchema("sarif-schema-2.1.0.json")));

    private static async Task<JsonElement> ValidSarif(ScanResult result, ReportOptions? options = null)
    {
        var text = Render(new SarifReporter(), result, options);
        var errors = (await Schema.Value).Validate(text);
        Assert.True(errors.Count == 0, "SARIF schema violations:\n" + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")) + "\n" + text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Run(JsonElement sarif) => Assert.Single(sarif.GetProperty("runs").EnumerateArray().ToList());

    private static List<JsonElement> Results(JsonElement sarif, string rule) =>
        Run(sarif).GetProperty("results").EnumerateArray().Where(r => r.GetProperty("ruleId").GetString() == rule).ToList();

    [Fact]
    public async Task Findings_are_valid_sarif_with_rules_levels_and_regions()
    {
        var sarif = await ValidSarif(Scan([("k8s/pod.yaml", PrivilegedPod())]));
        Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
        Assert.Contains("sarif-schema-2.1.0.json", sarif.GetProperty("$schema").GetString());

        var driver = Run(sarif).GetProperty("tool").GetProperty("driver");
        Assert.Equal("stockade", driver.GetProperty("name").GetString());
        Assert.Equal(ToolInfo.Version, driver.GetProperty("version").GetString());
        Assert.Equal(ToolInfo.InformationUri, driver.GetProperty("informationUri").GetString());

        var result = Assert.Single(Results(sarif, "privileged-container"));
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Contains("runs privileged", result.GetProperty("message").GetProperty("text").GetString());

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var rule = rules[result.GetProperty("ruleIndex").GetInt32()];
        Assert.Equal("privileged-container", rule.GetProperty("id").GetString());
        Assert.Equal("PrivilegedContainer", rule.GetProperty("name").GetString());
        Assert.Equal("Container runs privileged", rule.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.Contains("kernel modules", rule.GetProperty("fullDescription").GetProperty("text").GetString());
        Assert.Contains("```yaml\nsecurityContext:\n  privileged: false", rule.GetProperty("help").GetProperty("markdown").GetString());
        Assert.Contains("privileged: false", rule.GetProperty("help").GetProperty("text").GetString());
        Assert.EndsWith("/docs/rules/privileged-container.md", rule.GetProperty("helpUri").GetString());
        Assert.Equal("error", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        var props = rule.GetProperty("properties");
        Assert.Equal("critical", props.GetProperty("severity").GetString());
        Assert.Equal("workload", props.GetProperty("category").GetString());
        Assert.Equal(9.5, double.Parse(props.GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("security", props.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains(props.GetProperty("references").EnumerateArray(), r => r.GetProperty("source").GetString() == "PSS");

        var location = Assert.Single(result.GetProperty("locations").EnumerateArray().ToList());
        var physical = location.GetProperty("physicalLocation");
        Assert.Equal("k8s/pod.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(12, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(7, physical.GetProperty("region").GetProperty("startColumn").GetInt32());

        var logical = location.GetProperty("logicalLocations").EnumerateArray().ToList();
        Assert.Equal("Pod/shop/p", logical[0].GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("object", logical[0].GetProperty("kind").GetString());
        Assert.Equal("spec.containers[0].securityContext.privileged", logical[1].GetProperty("name").GetString());

        Assert.Matches("^[0-9a-f]{64}$", result.GetProperty("partialFingerprints").GetProperty(SarifReporter.FingerprintKey).GetString());
        Assert.False(result.TryGetProperty("suppressions", out _));
        Assert.True(Run(sarif).GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
    }

    [Fact]
    public async Task Rules_listed_are_those_that_ran_at_their_configured_severity()
    {
        var config = ConfigFrom("rules:\n  duplicate-key: off\n  privileged-container: medium\n");
        var sarif = await ValidSarif(Scan([("pod.yaml", PrivilegedPod())], config));
        var rules = Run(sarif).GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.DoesNotContain(rules, r => r.GetProperty("id").GetString() == "duplicate-key");
        var privileged = Assert.Single(rules, r => r.GetProperty("id").GetString() == "privileged-container");
        Assert.Equal("warning", privileged.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Equal("5.5", privileged.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Equal("warning", Assert.Single(Results(sarif, "privileged-container")).GetProperty("level").GetString());
    }

    [Theory]
    [InlineData(Severity.Critical, "error", "9.5")]
    [InlineData(Severity.High, "error", "8.0")]
    [InlineData(Severity.Medium, "warning", "5.5")]
    [InlineData(Severity.Low, "note", "3.0")]
    public void Severities_map_to_sarif_levels_and_code_scanning_scores(Severity severity, string level, string score)
    {
        Assert.Equal(level, SarifReporter.Level(severity));
        Assert.Equal(score, SarifReporter.SecuritySeverity(severity));
    }

    [Fact]
    public async Task Suppressed_findings_carry_their_exemption_external_or_in_source()
    {
        var config = ConfigFrom("""
            exemptions:
              - rule: privileged-container
                name: from-config
                reason: node agent needs the host
            """);
        var annotated = PrivilegedPod("from-annotation", "  annotations:\n    exempt.stockade.dev/privileged-container: \"CNI plugin\"");
        var sarif = await ValidSarif(Scan([("a.yaml", PrivilegedPod("from-config")), ("b.yaml", annotated)], config));

        var results = Results(sarif, "privileged-container");
        Assert.Equal(2, results.Count);
        var external = Assert.Single(results[0].GetProperty("suppressions").EnumerateArray().ToList());
        Assert.Equal("external", external.GetProperty("kind").GetString());
        Assert.StartsWith("node agent needs the host", external.GetProperty("justification").GetString());
        var inSource = Assert.Single(results[1].GetProperty("suppressions").EnumerateArray().ToList());
        Assert.Equal("inSource", inSource.GetProperty("kind").GetString());
        Assert.StartsWith("CNI plugin", inSource.GetProperty("justification").GetString());
    }

    [Fact]
    public async Task Errors_without_a_position_are_notifications_without_a_region()
    {
        var sarif = await ValidSarif(ScanUnreadable("manifests/secret.yaml"));
        var invocation = Assert.Single(Run(sarif).GetProperty("invocations").EnumerateArray().ToList());
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notification = Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray().ToList());
        Assert.Equal("error", notification.GetProperty("level").GetString());
        Assert.Contains("permission denied", notification.GetProperty("message").GetProperty("text").GetString());
        var physical = notification.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("manifests/secret.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.False(physical.TryGetProperty("region", out _));
        Assert.Empty(Run(sarif).GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task Syntax_errors_are_notifications_with_their_position()
    {
        var sarif = await ValidSarif(Scan([("bad.yaml", "a: [\n")]));
        var notification = Assert.Single(Run(sarif).GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().ToList());
        Assert.True(notification.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() > 0);
    }

    [Fact]
    public async Task The_schema_check_rejects_a_region_at_line_zero()
    {
        // Guards the validation above: a line-0 region is what an unpositioned error would produce if written naively.
        var text = Render(new SarifReporter(), Scan([("pod.yaml", PrivilegedPod())])).Replace("\"startLine\": 12", "\"startLine\": 0");
        Assert.Contains("\"startLine\": 0", text);
        Assert.NotEmpty((await Schema.Value).Validate(text));
    }

    [Fact]
    public async Task An_empty_scan_is_a_valid_run_with_no_results()
    {
        var sarif = await ValidSarif(Scan([]));
        Assert.Empty(Run(sarif).GetProperty("results").EnumerateArray());
        Assert.True(Run(sarif).GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
        Assert.NotEmpty(Run(sarif).GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task Absolute_paths_under_the_base_folder_become_repository_relative()
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");
        var file = Path.Combine(root, "deploy", "pod.yaml");
        var sarif = await ValidSarif(Scan([(file, PrivilegedPod())]), new ReportOptions { BaseDirectory = root });
        var artifact = Results(sarif, "privileged-container")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal("deploy/pod.yaml", artifact.GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
        Assert.StartsWith("file:///", Run(sarif).GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("./k8s/app.yaml", null, "k8s/app.yaml", "%SRCROOT%")]
    [InlineData("k8s\\app.yaml", null, "k8s/app.yaml", "%SRCROOT%")]
    [InlineData("my app/pod #1.yaml", null, "my%20app/pod%20%231.yaml", "%SRCROOT%")]
    [InlineData("/srv/repo/k8s/app.yaml", "/srv/repo", "k8s/app.yaml", "%SRCROOT%")]
    [InlineData("/etc/k8s/app.yaml", "/srv/repo", "file:///etc/k8s/app.yaml", null)]
    [InlineData("/etc/k8s/app.yaml", null, "file:///etc/k8s/app.yaml", null)]
    [InlineData("<stdin>", "/srv/repo", "stdin", null)]
    [InlineData("cluster://shop/deployment/web", "/srv/repo", "cluster://shop/deployment/web", null)]
    public void Artifact_uris_use_forward_slashes_and_a_base_when_relative(string file, string? baseDirectory, string uri, string? baseId)
    {
        Assert.Equal((uri, baseId), ArtifactUri.Of(file, baseDirectory));
    }

    [Fact]
    public async Task Fingerprints_survive_lines_added_above_and_differ_between_objects()
    {
        async Task<string> Fingerprint(string yaml) =>
            Results(await ValidSarif(Scan([("pod.yaml", yaml)])), "privileged-container")[0]
                .GetProperty("partialFingerprints").GetProperty(SarifReporter.FingerprintKey).GetString()!;
        var original = await Fingerprint(PrivilegedPod());
        Assert.Equal(original, await Fingerprint("# a comment\n# another\n" + PrivilegedPod()));
        Assert.NotEqual(original, await Fingerprint(PrivilegedPod("q")));
    }
}
