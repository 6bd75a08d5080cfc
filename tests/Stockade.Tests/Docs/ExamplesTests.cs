using System.Text;
using Stockade.Cli;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Rules;

namespace Stockade.Tests.Docs;

/// <summary>
/// The bundled examples are part of the documentation: the insecure ones must show every rule,
/// the hardened one none, and the input-format samples must read as kubectl reads them.
/// </summary>
public class ExamplesTests
{
    private static readonly string Examples = RepositoryFiles.PathOf("examples");

    /// <summary>Every rule of the hardened catalogue, so new hardened rules are covered too (PSS and PSP have their own suites).</summary>
    private static readonly Profile EveryRule = new("every-rule", "every hardened rule", Catalog.Hardened);

    private static ScanResult ScanFolder(string folder, Profile? profile = null)
    {
        var config = ConfigLoader.Load(Path.Combine(Examples, ConfigLoader.FileName), Catalog.Ids);
        var files = Directory.GetFiles(Path.Combine(Examples, folder), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        return new Scanner(new ScanOptions
        {
            Profile = profile ?? EveryRule,
            Config = config,
            Today = new DateOnly(2026, 1, 15),
            MaxParallelism = 1,
        }).Scan(files.Select(f => new ScanInput(Path.GetRelativePath(Examples, f), () => File.OpenRead(f))));
    }

    [Fact]
    public void The_examples_config_allows_only_the_organisation_registry()
    {
        var config = ConfigLoader.Load(Path.Combine(Examples, ConfigLoader.FileName), Catalog.Ids);
        var allowed = Assert.Single(config.Settings.Get(Stockade.Rules.Workload.ImageRegistryNotAllowed.AllowedRegistries));
        Assert.Matches(allowed, "registry.example.com/shop/storefront:1.4.2");
        Assert.DoesNotMatch(allowed, "docker.io/library/busybox:1.36");
        Assert.DoesNotMatch(allowed, "registry.example.com.evil.io/shop/storefront:1.4.2");
    }

    [Fact]
    public void The_insecure_examples_together_trigger_every_rule()
    {
        // Workload rules are shown by examples/insecure, cluster rules by examples/cluster.
        var result = ScanFolder("insecure");
        var cluster = ScanFolder("cluster");
        Assert.Empty(result.Errors);
        Assert.Empty(cluster.Errors);
        var triggered = result.Findings.Concat(cluster.Findings).Where(f => !f.Suppressed).Select(f => f.Rule).ToHashSet();
        var missing = Catalog.Hardened.Select(r => r.Id).Where(id => !triggered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"no example under examples/insecure or examples/cluster triggers: {string.Join(", ", missing)}");
    }

    /// <summary>Every cluster rule, the namespace rules that are off by default included.</summary>
    private static readonly Profile ClusterRules = new("cluster", "every cluster rule",
        new[] { RbacRules.All, NamespaceRules.All, ControlPlaneRules.All, KubeletRules.All, EncryptionRules.All, AuditPolicyRules.All }.SelectMany(l => l));

    [Fact]
    public void The_cluster_examples_trigger_every_cluster_rule()
    {
        var result = ScanFolder("cluster", ClusterRules);
        Assert.Empty(result.Errors);
        var triggered = result.Findings.Where(f => !f.Suppressed).Select(f => f.Rule).ToHashSet();
        var missing = ClusterRules.Rules.Select(r => r.Id).Where(id => !triggered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"no example under examples/cluster triggers: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_hardened_example_produces_no_findings_with_the_hardened_profile()
    {
        var result = ScanFolder("hardened", ProfileRegistry.Hardened);
        Assert.Empty(result.Errors);
        Assert.Equal(["ServiceAccount", "Service", "Deployment"], result.Objects.Select(o => o.Object.Kind));
        Assert.True(result.Findings.Count == 0,
            "examples/hardened has findings:\n" + string.Join("\n", result.Findings.Select(f => $"{f.File}:{f.Line}:{f.Column} {f.Rule} {f.Message}")));
    }

    [Fact]
    public void The_yaml_tricks_are_read_as_the_api_server_reads_them()
    {
        var result = ScanFolder("insecure");
        var privileged = result.Findings
            .Where(f => f.Rule == "privileged-container" && f.File.EndsWith("yaml-tricks.yaml", StringComparison.Ordinal))
            .Select(f => f.Container)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["duplicate-key", "merge-key", "yes-means-true"], privileged);
        var duplicates = result.Findings.Where(f => f.Rule == "duplicate-key").ToList();
        Assert.Equal(2, duplicates.Count);
    }

    [Fact]
    public void The_helm_template_output_is_read_document_by_document()
    {
        var result = ScanFolder("helm-template");
        Assert.Empty(result.Errors);
        Assert.Equal(["ServiceAccount", "ConfigMap", "Service", "Deployment"], result.Objects.Select(o => o.Object.Kind));
        Assert.Equal(53, result.Objects.Single(o => o.Object.Kind == "Deployment").Line);
    }

    [Fact]
    public void The_list_and_the_json_pod_are_unpacked_into_their_objects()
    {
        var config = StockadeConfig.Default;
        var inputs = new[] { "list.yaml", "pod.json" }.Select(n => new ScanInput(n, () => File.OpenRead(Path.Combine(Examples, n))));
        var result = new Scanner(new ScanOptions { Profile = EveryRule, Config = config, MaxParallelism = 1, Today = new DateOnly(2026, 1, 15) }).Scan(inputs);
        Assert.Empty(result.Errors);
        Assert.Equal(["Deployment/default/echo", "Service/default/echo", "Pod/default/toolbox"],
            result.Objects.Select(o => $"{o.Object.Kind}/{o.Object.Namespace}/{o.Object.Name}"));
    }

    [Fact]
    public void The_cli_finds_the_examples_config_and_gates_on_the_results()
    {
        Assert.Equal(ExitCodes.Ok, Cli(Path.Combine(Examples, "hardened")));
        // insecure/yaml-tricks.yaml writes a key twice, which kubectl apply rejects and Helm deploys: judged as Helm would.
        Assert.Equal(ExitCodes.Findings, Cli(Path.Combine(Examples, "insecure"), "--validate", "warn"));
    }

    private static int Cli(string path, params string[] options)
    {
        using var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var code = CommandLine.RunAsync(["scan", "--format", "json", .. options, path], TextReader.Null, () => Stream.Null, stdout, stderr, false).Result;
        Assert.Equal("", stderr.ToString());
        Assert.StartsWith("{", Encoding.UTF8.GetString(stdout.ToArray()));
        return code;
    }

    [Fact]
    public async Task The_policy_examples_pass_their_stockade_test()
    {
        var run = await Stockade.Tests.Cli.CliHarness.Run("test", Path.Combine(Examples, "policies"));
        Assert.True(run.ExitCode == 0, run.Stdout);
        Assert.DoesNotContain("FAIL", run.Stdout);
        Assert.Contains("17 cases: 17 passed, 0 failed", run.Stdout);
    }

    [Theory]
    [InlineData("  result: pass\n# One failure", "  result: fail\n# One failure", "FAIL: Pod/batch-runner (expected fail): expected fail, got pass")]
    [InlineData("message: \"missing required labels: team\"", "message: \"missing required labels: owner\"", "no finding says \"missing required labels: owner\"")]
    [InlineData("policy: require-labels\n  resources: [Deployment/latest-tag]\n  result: pass", "policy: allowed-registry-digest\n  resources: [Deployment/latest-tag]\n  result: pass", "FAIL: Deployment/latest-tag vap:allowed-registry-digest (expected pass): expected pass, got fail")]
    public async Task A_wrong_expectation_in_a_copy_of_the_policy_examples_fails_their_test(string expected, string wrong, string report)
    {
        using var copy = new Stockade.Tests.Cli.TempTree();
        foreach (var f in Directory.GetFiles(Path.Combine(Examples, "policies"), "*", SearchOption.AllDirectories))
            copy.Write(Path.GetRelativePath(Path.Combine(Examples, "policies"), f), File.ReadAllText(f));
        var test = copy.PathOf("stockade-test.yaml");
        var text = File.ReadAllText(test);
        Assert.Contains(expected, text);
        File.WriteAllText(test, text.Replace(expected, wrong));
        var run = await Stockade.Tests.Cli.CliHarness.Run("test", copy.Root);
        Assert.True(run.ExitCode == 1, run.Stdout);
        Assert.Contains(report, run.Stdout);
    }
}
