using System.Text.Json;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.PodSecurity;

/// <summary><c>--profile namespace</c>: each workload judged by its namespace's Pod Security labels.</summary>
public class NamespaceProfileTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string HostNetworkDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              hostNetwork: true
              containers:
              - name: app
                image: nginx
        """;

    private static string Namespace(string name, string labels) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {name}
          labels:
        {TestScan.Indent(labels, 4)}
        """;

    private static List<JsonElement> Findings(CliRun run) =>
        JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray().Select(e => e.Clone()).ToList();

    private async Task<CliRun> ScanBundle(string yaml, params string[] extra) =>
        await Run(["scan", "--no-config", "--profile", "namespace", "--format", "json", .. extra, _tree.Write("bundle.yaml", yaml)]);

    [Fact]
    public async Task Enforce_label_written_after_the_workload_still_applies()
    {
        var run = await ScanBundle(HostNetworkDeployment + "\n---\n" + Namespace("shop", "pod-security.kubernetes.io/enforce: baseline"));
        Assert.Equal(1, run.ExitCode);
        var f = Assert.Single(Findings(run));
        Assert.Equal("pss-host-namespaces", f.GetProperty("rule").GetString());
        Assert.Equal("hostNamespaces", f.GetProperty("control").GetString());
        Assert.Equal("enforce baseline:latest", f.GetProperty("policy").GetString());
        Assert.Equal("high", f.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Privileged_namespace_admits_everything()
    {
        var run = await ScanBundle(HostNetworkDeployment + "\n---\n" + Namespace("shop", "pod-security.kubernetes.io/enforce: privileged"));
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Findings(run));
    }

    private static Dictionary<string, List<JsonElement>> ByPolicy(CliRun run) =>
        Findings(run).Where(f => f.TryGetProperty("policy", out _))
            .GroupBy(f => f.GetProperty("policy").GetString()!).ToDictionary(g => g.Key, g => g.ToList());

    [Fact]
    public async Task Warn_is_medium_and_does_not_repeat_enforce()
    {
        var byPolicy = ByPolicy(await ScanBundle(HostNetworkDeployment + "\n---\n" + Namespace("shop", """
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/warn: restricted
            pod-security.kubernetes.io/warn-version: v1.30
            """)));
        Assert.Equal(["hostNamespaces"], byPolicy["enforce baseline:latest"].Select(f => f.GetProperty("control").GetString()));
        Assert.All(byPolicy["warn restricted:v1.30"], f => Assert.Equal("medium", f.GetProperty("severity").GetString()));
        Assert.DoesNotContain(byPolicy["warn restricted:v1.30"], f => f.GetProperty("control").GetString() == "hostNamespaces");
        Assert.Contains(byPolicy["warn restricted:v1.30"], f => f.GetProperty("control").GetString() == "runAsNonRoot");
    }

    [Fact]
    public async Task Audit_is_low_and_reports_only_what_warn_did_not()
    {
        var byPolicy = ByPolicy(await ScanBundle(HostNetworkDeployment + "\n---\n" + Namespace("shop", """
            pod-security.kubernetes.io/enforce: privileged
            pod-security.kubernetes.io/warn: baseline
            pod-security.kubernetes.io/audit: restricted
            pod-security.kubernetes.io/audit-version: v1.24
            """)));
        Assert.False(byPolicy.ContainsKey("enforce privileged:latest"));
        Assert.Equal(["hostNamespaces"], byPolicy["warn baseline:latest"].Select(f => f.GetProperty("control").GetString()));
        var audit = byPolicy["audit restricted:v1.24"];
        Assert.All(audit, f => Assert.Equal("low", f.GetProperty("severity").GetString()));
        Assert.Contains(audit, f => f.GetProperty("control").GetString() == "runAsNonRoot");
        Assert.DoesNotContain(audit, f => f.GetProperty("control").GetString() == "hostNamespaces");
    }

    [Fact]
    public async Task Namespaces_without_labels_use_the_default_level()
    {
        var deployment = HostNetworkDeployment;
        Assert.Equal(1, (await ScanBundle(deployment)).ExitCode);
        var privileged = await ScanBundle(deployment, "--namespace-default", "privileged");
        Assert.Equal(0, privileged.ExitCode);
        var restricted = await ScanBundle(deployment.Replace("hostNetwork: true", "hostNetwork: false"), "--namespace-default", "restricted:v1.25");
        Assert.Contains(Findings(restricted), f => f.GetProperty("policy").GetString() == "enforce restricted:v1.25");
    }

    [Fact]
    public async Task Invalid_enforce_label_is_reported_and_enforces_restricted_as_upstream_does()
    {
        var pod = HostNetworkDeployment.Replace("hostNetwork: true", "hostNetwork: false");
        var run = await ScanBundle(Namespace("shop", "pod-security.kubernetes.io/enforce: strict") + "\n---\n" + pod);
        var findings = Findings(run);
        var label = Assert.Single(findings, f => f.GetProperty("rule").GetString() == "pss-namespace-labels");
        Assert.Contains("\"strict\" is invalid", label.GetProperty("message").GetString());
        Assert.Equal(6, label.GetProperty("line").GetInt32());
        Assert.Contains(findings, f => f.TryGetProperty("policy", out var p) && p.GetString() == "enforce restricted:latest");
    }

    [Fact]
    public async Task Invalid_warn_level_fails_open()
    {
        var run = await ScanBundle(HostNetworkDeployment.Replace("hostNetwork: true", "hostNetwork: false") + "\n---\n" + Namespace("shop", """
            pod-security.kubernetes.io/enforce: privileged
            pod-security.kubernetes.io/warn: loud
            """));
        Assert.Equal(["pss-namespace-labels"], Findings(run).Select(f => f.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Namespace_default_needs_the_namespace_profile_and_a_valid_level()
    {
        var file = _tree.Write("pod.yaml", HostNetworkDeployment);
        Assert.Equal(2, (await Run("scan", "--namespace-default", "baseline", file)).ExitCode);
        var bad = await Run("scan", "--profile", "namespace", "--namespace-default", "strict", file);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--namespace-default", bad.Stderr);
    }

    [Fact]
    public async Task Stdin_bundles_are_read_twice_through_a_spool()
    {
        var run = await RunWithStdin(HostNetworkDeployment + "\n---\n" + Namespace("shop", "pod-security.kubernetes.io/enforce: baseline"),
            "scan", "--no-config", "--profile", "namespace", "--format", "json", "-");
        Assert.Equal("enforce baseline:latest", Assert.Single(Findings(run)).GetProperty("policy").GetString());
    }

    [Fact]
    public async Task Psa_lines_word_enforce_and_warn_as_pod_security_admission_does()
    {
        var path = _tree.Write("bundle.yaml", HostNetworkDeployment + "\n---\n" + Namespace("shop", """
            pod-security.kubernetes.io/enforce: baseline
            pod-security.kubernetes.io/warn: restricted
            """));
        var run = await Run("scan", "--no-config", "--profile", "namespace", "--psa", path);
        var lines = run.Stdout.Split('\n');
        Assert.Contains($"{path}:1:1: Deployment/shop/web violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)", lines);
        Assert.Contains(lines, l => l.StartsWith($"{path}:1:1: Deployment/shop/web would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false", StringComparison.Ordinal) && l.EndsWith("(warn)", StringComparison.Ordinal));
    }
}
