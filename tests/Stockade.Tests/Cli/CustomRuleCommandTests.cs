using System.Text.Json;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Cli;

/// <summary>Custom rules through the commands: scan in every format, rules, explain, test, and a bad rule as exit 2.</summary>
public class CustomRuleCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string Config = """
        customRules:
        - id: team-label
          title: Every Deployment names its team
          severity: high
          match: {kinds: [Deployment]}
          expression: "'team' in object.metadata.?labels.orValue({})"
          message: no team label
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: registry.example.com/web@sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881}]
        """;

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    [InlineData("html")]
    [InlineData("text")]
    public async Task Every_format_reports_the_custom_rule(string format)
    {
        _tree.Write(".stockade.yaml", Config);
        var file = _tree.Write("web.yaml", Deployment);
        var run = await Run("scan", "--profile", "none", "--format", format, file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("custom:team-label", run.Stdout);
        Assert.Contains("no team label", run.Stdout);
        if (format == "json")
        {
            var json = JsonDocument.Parse(run.Stdout).RootElement;
            var f = Assert.Single(json.GetProperty("findings").EnumerateArray());
            Assert.Equal("custom:team-label", f.GetProperty("rule").GetString());
            Assert.Equal("high", f.GetProperty("severity").GetString());
            Assert.Equal(1, f.GetProperty("line").GetInt32());
        }
    }

    [Fact]
    public async Task A_compile_error_in_a_custom_rule_is_exit_2_with_its_position()
    {
        _tree.Write(".stockade.yaml", Config.Replace("orValue({})", "orValue({}"));
        var run = await Run("scan", _tree.Write("web.yaml", Deployment));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(".stockade.yaml:6:60: customRules[team-label].expression: compilation failed: ERROR: <input>:1:45: expected ')'", run.Stderr);
    }

    [Fact]
    public async Task Rules_and_explain_list_the_custom_rules_of_the_configuration()
    {
        var config = _tree.Write("cfg.yaml", Config);
        var rules = await Run("rules", "--config", config);
        Assert.Equal(0, rules.ExitCode);
        Assert.Contains("custom:team-label", rules.Stdout);
        Assert.Contains("custom    Every Deployment names its team", rules.Stdout);
        var json = await Run("rules", "--config", config, "--format", "json");
        Assert.Contains(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == "custom:team-label");
        var explain = await Run("explain", "--config", config, "custom:team-label");
        Assert.Equal(0, explain.ExitCode);
        Assert.StartsWith("# custom:team-label\n", explain.Stdout);
        Assert.Equal(2, (await Run("explain", "--no-config", "custom:team-label")).ExitCode);
    }

    [Fact]
    public async Task A_test_file_runs_the_custom_rules_of_its_config()
    {
        _tree.Write("rules.yaml", Config);
        _tree.Write("web.yaml", Deployment);
        _tree.Write("labelled.yaml", Deployment.Replace("name: web, namespace: shop", "name: api, namespace: shop, labels: {team: a}"));
        var test = _tree.Write("stockade-test.yaml", """
            apiVersion: stockade.dev/v1alpha1
            kind: StockadeTest
            config: rules.yaml
            resources: [web.yaml, labelled.yaml]
            results:
            - rule: custom:team-label
              resources: [web]
              result: fail
              message: no team label
            - rule: custom:team-label
              resources: [api]
              result: pass
            - rule: custom:other
              resources: [api]
              result: pass
            """);
        var run = await Run("test", test);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("2 cases: 2 passed, 0 failed, 1 error", run.Stdout);
        Assert.Contains("no rule custom:other in this run (policies loaded: custom:team-label)", run.Stdout);
    }
}
