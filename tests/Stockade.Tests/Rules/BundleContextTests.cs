using Stockade.Engine;
using Stockade.Reporting;
using Stockade.Tests.ClusterRules;

namespace Stockade.Tests.Rules;

/// <summary>ServiceAccounts and LimitRanges of the scanned bundle change what the API server does to its pods.</summary>
public class BundleContextTests
{
    private const string Token = "service-account-token-automount";

    private static string ServiceAccount(string name, string field = "") =>
        $"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {name}\n  namespace: shop{field}";

    private static string Pod(string spec) => TestScan.Pod(spec).Replace("namespace: default", "namespace: shop");

    private const string App = "containers:\n- name: app\n  image: nginx";

    [Fact]
    public void A_service_account_that_disables_automount_means_no_token_for_pods_that_do_not_override_it()
    {
        var result = ClusterScan.Files(("sa.yaml", ServiceAccount("web", "\nautomountServiceAccountToken: false")), ("pod.yaml", Pod("serviceAccountName: web\n" + App)));
        Assert.Empty(result.Findings(Token));
    }

    [Fact]
    public void A_pod_setting_true_over_a_service_account_false_is_reported_as_winning()
    {
        var result = ClusterScan.Files(("sa.yaml", ServiceAccount("web", "\nautomountServiceAccountToken: false")),
            ("pod.yaml", Pod("serviceAccountName: web\nautomountServiceAccountToken: true\n" + App)));
        var f = Assert.Single(result.Findings(Token));
        Assert.Contains("wins over ServiceAccount \"web\"'s automountServiceAccountToken: false (sa.yaml:1)", f.Message);
    }

    [Fact]
    public void A_service_account_in_the_bundle_that_keeps_the_default_is_named_in_the_finding()
    {
        var result = ClusterScan.Files(("sa.yaml", ServiceAccount("default")), ("pod.yaml", Pod(App)));
        Assert.Contains("ServiceAccount \"default\" (sa.yaml:1) does not set it (default true)", Assert.Single(result.Findings(Token)).Message);
    }

    [Fact]
    public void A_service_account_absent_from_the_bundle_is_said_to_be_absent_and_the_token_mounted_unless_it_disables_it()
    {
        var result = ClusterScan.Files(("pod.yaml", Pod("serviceAccountName: web\n" + App)));
        var f = Assert.Single(result.Findings(Token));
        Assert.Contains("pod mounts a service account token unless ServiceAccount \"web\" disables it", f.Message);
        Assert.Contains("ServiceAccount \"web\" is not among the scanned objects and must exist in the namespace, or the API server refuses the pods", f.Message);
    }

    [Fact]
    public void A_service_account_of_another_namespace_does_not_count()
    {
        var result = ClusterScan.Files(("sa.yaml", ServiceAccount("web", "\nautomountServiceAccountToken: false").Replace("namespace: shop", "namespace: other")),
            ("pod.yaml", Pod("serviceAccountName: web\n" + App)));
        Assert.Contains("not among the scanned objects", Assert.Single(result.Findings(Token)).Message);
    }

    [Fact]
    public async Task The_cli_scan_reads_service_accounts_from_every_file_before_judging_pods()
    {
        using var tree = new Cli.TempTree();
        tree.Write("a-pod.yaml", Pod("serviceAccountName: web\n" + App));
        tree.Write("z-sa.yaml", ServiceAccount("web", "\nautomountServiceAccountToken: false"));
        var run = await Cli.CliHarness.Run("scan", "--no-config", "--format", "json", "--fail-on", "none", tree.Root);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Token, run.Stdout);
        Assert.Contains("cpu-limits-missing", run.Stdout);
    }

    [Fact]
    public async Task The_default_scan_judges_pods_by_the_bundle_without_keeping_the_input_so_a_one_byte_spool_limit_changes_nothing()
    {
        using var tree = new Cli.TempTree();
        tree.Write("a-pod.yaml", Pod("serviceAccountName: web\n" + App));
        tree.Write("z-sa.yaml", ServiceAccount("web", "\nautomountServiceAccountToken: false") + "\n---\n" + Limits);
        var run = await Cli.CliHarness.Run("scan", "--no-config", "--format", "json", "--fail-on", "none", "--max-spool-bytes", "1", tree.Root);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Token, run.Stdout);
        Assert.Contains("sets limits.cpu=500m for containers without one", run.Stdout);
    }

    [Fact]
    public async Task A_finding_settled_by_the_bundle_at_the_end_fails_its_object_in_the_streamed_text_summary()
    {
        using var tree = new Cli.TempTree();
        tree.Write("a-pod.yaml", Pod("serviceAccountName: web\nautomountServiceAccountToken: true\n" + App));
        tree.Write("z-sa.yaml", ServiceAccount("web", "\nautomountServiceAccountToken: false"));
        var run = await Cli.CliHarness.Run("scan", "--no-config", "--fail-on", "medium", tree.Root);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("wins over ServiceAccount \"web\"'s automountServiceAccountToken: false", run.Stdout);
        Assert.Contains("2 objects in 2 files: 1 passed, 1 failed", run.Stdout);
    }

    [Fact]
    public async Task An_exemption_covers_a_finding_the_bundle_settles_after_the_read()
    {
        using var tree = new Cli.TempTree();
        tree.Write("a-pod.yaml", Pod(App).Replace("  namespace: shop", "  namespace: shop\n  annotations:\n    exempt.stockade.dev/cpu-limits-missing: \"sized by the operator\""));
        tree.Write("z-limits.yaml", Limits);
        var run = await Cli.CliHarness.Run("scan", "--no-config", "--format", "json", "--fail-on", "none", tree.Root);
        var cpu = System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "cpu-limits-missing");
        Assert.Contains("sized by the operator", cpu.GetProperty("suppressionReason").GetString());
        Assert.Contains("LimitRanger will set it to 500m", cpu.GetProperty("message").GetString());
    }

    private const string Limits = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: shop\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 500m}\n    max: {memory: 1Gi}";

    [Fact]
    public void A_limit_range_default_suppresses_the_missing_limit_with_the_limit_range_as_reason_in_every_format()
    {
        var result = ClusterScan.Files(("limits.yaml", Limits), ("pod.yaml", Pod(App)));
        var cpu = Assert.Single(result.Findings, f => f.Rule == "cpu-limits-missing");
        Assert.True(cpu.Suppressed);
        Assert.Contains("the API server's LimitRanger will set it to 500m from LimitRange \"defaults\" (limits.yaml:1) when the pods are created", cpu.Message);
        Assert.Contains("LimitRange \"defaults\" sets limits.cpu=500m", cpu.SuppressionReason);
        // max defaults the limit, and the default limit defaults the request (SetDefaults_LimitRangeItem).
        Assert.True(Assert.Single(result.Findings, f => f.Rule == "memory-limits-missing").Suppressed);
        Assert.Contains("1Gi", result.Findings.Single(f => f.Rule == "memory-limits-missing").Message);
        Assert.True(Assert.Single(result.Findings, f => f.Rule == "cpu-requests-missing").Suppressed);
        foreach (var format in new[] { "json", "sarif", "junit", "html" })
        {
            var output = new MemoryStream();
            ReporterRegistry.Find(format)!.Write(result, output, new ReportOptions { Verbose = true });
            Assert.Contains("LimitRange", System.Text.Encoding.UTF8.GetString(output.ToArray()));
        }
    }

    [Fact]
    public void A_limit_range_of_another_namespace_or_without_container_defaults_leaves_the_finding_active()
    {
        var other = ClusterScan.Files(("limits.yaml", Limits.Replace("namespace: shop", "namespace: other")), ("pod.yaml", Pod(App)));
        Assert.Single(other.Findings("cpu-limits-missing"));
        var podType = ClusterScan.Files(("limits.yaml", Limits.Replace("type: Container", "type: Pod")), ("pod.yaml", Pod(App)));
        Assert.Single(podType.Findings("cpu-limits-missing"));
    }

    [Fact]
    public void Without_bundle_facts_the_findings_say_what_depends_on_the_service_account()
    {
        var result = TestScan.Yaml(Pod(App));
        Assert.Equal("pod mounts a service account token unless ServiceAccount \"default\" disables it (automountServiceAccountToken is not set on the pod; a ServiceAccount's default is true)",
            Assert.Single(result.Findings(Token)).Message);
    }
}
