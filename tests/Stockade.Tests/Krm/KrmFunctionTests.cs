using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Yaml;

namespace Stockade.Tests.Krm;

/// <summary>
/// <c>stockade krm</c> as an orchestrator runs it: a ResourceList (the KRM Functions
/// Specification v1) on standard input, the same list with results on standard output.
/// </summary>
public class KrmFunctionTests
{
    private static string Fixture(string name) => File.ReadAllText(RepositoryFiles.PathOf("tests", "Stockade.Tests", "Krm", name));

    private static Task<CliRun> Krm(string input) => CliHarness.RunWithStdin(input, "krm", "--date", "2026-01-01");

    /// <summary>The output as the JSON an orchestrator reads it as.</summary>
    private static JsonObject Read(string output)
    {
        var doc = YamlTreeBuilder.Parse(output, "out", 0, 1, ParseLimits.Default);
        Assert.True(doc.Error == null, $"{doc.Error}\n{output}");
        return TreeJson.From(doc.Root!)!.AsObject();
    }

    private static List<JsonObject> Results(string output) =>
        Read(output)["results"]?.AsArray().Select(r => r!.AsObject()).ToList() ?? [];

    private static JsonObject Ref(string apiVersion, string kind, string name, string? ns = null)
    {
        var r = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["name"] = name };
        if (ns != null) r["namespace"] = ns;
        return r;
    }

    [Fact]
    public async Task A_finding_at_or_above_failOn_is_an_error_result_with_resource_ref_field_path_and_file_and_exit_1()
    {
        var run = await Krm(Fixture("package.resourcelist.yaml"));
        Assert.True(run.ExitCode == 1, run.Stderr + run.Stdout);
        var results = Results(run.Stdout);
        var host = Assert.Single(results, r => (string?)r["field"]?["path"] == "spec.template.spec.hostNetwork");
        Assert.Equal("error", (string?)host["severity"]);
        Assert.Contains("host namespaces", (string?)host["message"]);
        Assert.True(JsonNode.DeepEquals(Ref("apps/v1", "Deployment", "web", "shop"), host["resourceRef"]), host.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"path": "deploy/web.yaml", "index": 1}"""), host["file"]), host.ToJsonString());
        Assert.Equal("high", (string?)host["tags"]?["severity"]);
        // The compliant Pod and the Service have nothing to report.
        Assert.DoesNotContain(results, r => (string?)r["resourceRef"]?["name"] == "worker" || (string?)r["resourceRef"]?["kind"] == "Service");
    }

    [Fact]
    public async Task Items_and_functionConfig_come_back_unchanged_in_order_with_their_comments()
    {
        var input = Fixture("package.resourcelist.yaml");
        var run = await Krm(input);
        var before = Read(input);
        var after = Read(run.Stdout);
        Assert.True(JsonNode.DeepEquals(before["items"], after["items"]));
        Assert.True(JsonNode.DeepEquals(before["functionConfig"], after["functionConfig"]));
        Assert.Equal(["apiVersion", "kind", "items", "functionConfig", "results"], after.Select(kv => kv.Key));
        // Everything before the results is the input as written.
        Assert.StartsWith(input, run.Stdout);
        Assert.Contains("spec: # keep this comment", run.Stdout);
    }

    [Fact]
    public async Task Results_of_a_previous_function_are_replaced_not_kept()
    {
        var input = Fixture("package.resourcelist.yaml") + "results:\n- message: from an earlier function\n  severity: info\n";
        var run = await Krm(input);
        var results = Results(run.Stdout);
        Assert.DoesNotContain(results, r => (string?)r["message"] == "from an earlier function");
        Assert.Contains(results, r => (string?)r["severity"] == "error");
    }

    [Fact]
    public async Task The_legacy_path_and_index_annotations_name_the_file_when_the_internal_ones_are_missing()
    {
        var run = await Krm(Fixture("legacy-annotations.resourcelist.yaml"));
        Assert.Equal(1, run.ExitCode);
        var pid = Assert.Single(Results(run.Stdout), r => (string?)r["field"]?["path"] == "spec.hostPID");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"path": "base/tools.yaml", "index": 2}"""), pid["file"]), pid.ToJsonString());
        Assert.True(JsonNode.DeepEquals(Ref("v1", "Pod", "tools"), pid["resourceRef"]), pid.ToJsonString());
    }

    [Fact]
    public async Task A_JSON_ResourceList_is_answered_in_JSON()
    {
        var input = Fixture("package.resourcelist.json");
        var run = await Krm(input);
        Assert.Equal(1, run.ExitCode);
        var output = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(input)!["items"], output["items"]));
        var ipc = Assert.Single(output["results"]!.AsArray(), r => (string?)r!["field"]?["path"] == "spec.hostIPC")!;
        Assert.True(JsonNode.DeepEquals(Ref("v1", "Pod", "tools", "ops"), ipc["resourceRef"]), ipc.ToJsonString());
        Assert.Equal("tools.json", (string?)ipc["file"]!["path"]);
    }

    [Fact]
    public async Task FailOn_none_in_the_functionConfig_makes_findings_warnings_and_exit_0()
    {
        var input = Fixture("package.resourcelist.yaml").Replace("    profile: restricted\n", "    profile: restricted\n    failOn: none\n");
        var run = await Krm(input);
        Assert.True(run.ExitCode == 0, run.Stdout);
        var results = Results(run.Stdout);
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal("warning", (string?)r["severity"]));
    }

    [Fact]
    public async Task Exemptions_and_rules_of_the_config_key_apply_as_in_scan_and_a_suppressed_finding_is_info()
    {
        var config = """
                config: |
                  exemptions:
                    - rule: pss-host-namespaces
                      namespace: shop
                      name: web
                      reason: the ingress gateway binds the node's ports
            """;
        var input = Fixture("package.resourcelist.yaml").Replace("    profile: restricted\n", "    profile: restricted\n" + config + "\n");
        var run = await Krm(input);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var host = Assert.Single(Results(run.Stdout), r => (string?)r["field"]?["path"] == "spec.template.spec.hostNetwork");
        Assert.Equal("info", (string?)host["severity"]);
        Assert.Contains("the ingress gateway binds the node's ports", (string?)host["message"]);
    }

    [Fact]
    public async Task Without_functionConfig_the_hardened_profile_runs()
    {
        var input = Fixture("package.resourcelist.yaml");
        input = input[..input.IndexOf("functionConfig:", StringComparison.Ordinal)];
        var run = await Krm(input);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Results(run.Stdout), r => (string?)r["tags"]?["rule"] == "host-network");
    }

    [Fact]
    public async Task A_clean_ResourceList_comes_back_without_results_and_exit_0()
    {
        const string input = """
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings}
              data: {mode: fast}

            """;
        var run = await Krm(input);
        Assert.True(run.ExitCode == 0, run.Stdout);
        Assert.Equal(input, run.Stdout);
    }

    [Theory]
    [InlineData("    profile: restricted\n    color: blue\n", "functionConfig.data.color: unknown key")]
    [InlineData("    profile: strictest\n", "functionConfig.data.profile: unknown profile")]
    [InlineData("    failOn: sometimes\n", "functionConfig.data.failOn: \"sometimes\" is not low")]
    [InlineData("    config: |\n      rules: {no-such-rule: off}\n", "rules: unknown rule \"no-such-rule\"")]
    public async Task A_bad_functionConfig_is_an_error_result_exit_2_and_the_items_still_come_back(string data, string message)
    {
        var input = Fixture("package.resourcelist.yaml").Replace("    profile: restricted\n", data);
        var run = await Krm(input);
        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(Results(run.Stdout));
        Assert.Equal("error", (string?)error["severity"]);
        Assert.Contains(message, (string?)error["message"]);
        Assert.Contains(message, run.Stderr);
        Assert.True(JsonNode.DeepEquals(Read(input)["items"], Read(run.Stdout)["items"]));
    }

    [Fact]
    public async Task A_functionConfig_of_another_kind_is_refused_not_ignored()
    {
        var input = Fixture("package.resourcelist.yaml").Replace("  kind: ConfigMap\n", "  kind: StockadePolicy\n");
        var run = await Krm(input);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("functionConfig: expected a v1 ConfigMap", (string?)Assert.Single(Results(run.Stdout))["message"]);
    }

    [Theory]
    [InlineData("", "stdin:1:1: the input is empty")]
    [InlineData("apiVersion: v1\nkind: List\nitems: []\n", "stdin:1:1: expected kind ResourceList")]
    [InlineData("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}\n", "stdin:3:8: items: expected a list of objects")]
    [InlineData("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- just a string\n", "stdin:4:3: items[0]: expected an object")]
    [InlineData("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [\n", "stdin:")]
    [InlineData("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n---\napiVersion: v1\nkind: Pod\n", "stdin:5:1: a second document")]
    [InlineData("- a\n- b\n", "stdin:1:1: expected a ResourceList (a mapping)")]
    public async Task Malformed_input_is_one_error_result_in_an_empty_ResourceList_and_exit_2(string input, string message)
    {
        var run = await Krm(input);
        Assert.Equal(2, run.ExitCode);
        var output = Read(run.Stdout);
        Assert.Equal("ResourceList", (string?)output["kind"]);
        Assert.Empty(output["items"]!.AsArray());
        var error = Assert.Single(output["results"]!.AsArray())!;
        Assert.Equal("error", (string?)error["severity"]);
        Assert.StartsWith(message, (string?)error["message"]);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task An_item_the_API_server_would_reject_is_an_error_result_on_that_item_and_exit_2()
    {
        const string input = """
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            - apiVersion: v1
              kind: Pod
              metadata:
                name: odd
                annotations: {internal.config.kubernetes.io/path: odd.yaml}
              spec:
                hostNetwork: "yes"
                containers: [{name: a, image: busybox}]
            """;
        var run = await Krm(input);
        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(Results(run.Stdout), r => (string?)r["severity"] == "error");
        Assert.StartsWith("stdin:10:", (string?)error["message"]);
        Assert.True(JsonNode.DeepEquals(Ref("v1", "Pod", "odd"), error["resourceRef"]), error.ToJsonString());
        Assert.Equal("odd.yaml", (string?)error["file"]!["path"]);
    }

    [Fact]
    public async Task Help_names_the_functionConfig_keys()
    {
        var run = await CliHarness.Run("krm", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ConfigMap", run.Stdout);
        var usage = await CliHarness.Run("krm", "file.yaml");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("takes no PATH", usage.Stderr);
    }

    [Fact]
    public async Task Every_output_of_the_fixtures_is_a_ResourceList_of_the_specification()
    {
        foreach (var name in new[] { "package.resourcelist.yaml", "legacy-annotations.resourcelist.yaml", "package.resourcelist.json" })
        {
            var output = Read((await Krm(Fixture(name))).Stdout);
            Assert.All(output["results"]!.AsArray(), r =>
            {
                Assert.Contains((string?)r!["severity"], new[] { "error", "warning", "info" });
                Assert.False(string.IsNullOrEmpty((string?)r["message"]));
                if (r["field"] != null) Assert.NotNull(r["resourceRef"]);
                if (r["resourceRef"] is JsonObject rr) Assert.All(new[] { "apiVersion", "kind", "name" }, k => Assert.False(string.IsNullOrEmpty((string?)rr[k])));
                if (r["file"] is JsonObject file) Assert.Equal(JsonValueKind.String, file["path"]!.GetValueKind());
            });
        }
    }
}
