using System.Text.Json;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Tests.Generate;
using Xunit.Abstractions;

namespace Stockade.Tests.Integrations;

/// <summary>
/// scripts/kubectl-stockade found and run by the real kubectl, auditing the loopback API server
/// the audit tests replay (its kubeconfig's current context points elsewhere, so the context chosen matters).
/// </summary>
public class KubectlPluginTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly TempTree _tree = new();
    private readonly RecordedCluster _cluster = new();
    private readonly ReplayServer _server;
    private readonly string _bin;

    public KubectlPluginTests(ITestOutputHelper output)
    {
        _output = output;
        _server = new ReplayServer(r => _cluster.Handle(r));
        _bin = _tree.PathOf("bin");
        Directory.CreateDirectory(_bin);
        File.Copy(RepositoryFiles.PathOf("scripts", "kubectl-stockade"), Path.Combine(_bin, "kubectl-stockade"));
        Shell.MakeExecutable(Path.Combine(_bin, "kubectl-stockade"));
    }

    public void Dispose()
    {
        _server.Dispose();
        _tree.Dispose();
    }

    private ShellRun Kubectl(string kubeconfig, params string[] args) =>
        Shell.Run("kubectl", args, new Dictionary<string, string> { ["PATH"] = Manifests.PathWithStockade(_bin), ["KUBECONFIG"] = kubeconfig, ["HOME"] = _tree.Root });

    private string Kubeconfig(string? contextNamespace = null)
    {
        var text = ReplayServer.Kubeconfig(_server.Url);
        if (contextNamespace != null) text = text.Replace("    cluster: replay\n", $"    cluster: replay\n    namespace: {contextNamespace}\n");
        return _tree.Write("kubeconfig", text);
    }

    [Fact]
    public void Kubectl_lists_the_plugin()
    {
        if (!Shell.Has("kubectl", "kubernetes-client", _output)) return;
        var run = Kubectl(Kubeconfig(), "plugin", "list");
        Assert.Contains(Path.Combine(_bin, "kubectl-stockade"), run.Stdout);
    }

    [Fact]
    public void Audit_reads_the_cluster_of_the_given_context_through_KUBECONFIG()
    {
        if (!Shell.Has("kubectl", "kubernetes-client", _output)) return;
        var run = Kubectl(Kubeconfig(), "stockade", "audit", "--context", "replay", "--no-config", "--format", "json", "--fail-on", "none");
        Assert.True(run.ExitCode == 0, run.Output);
        var files = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("file").GetString()).ToList();
        Assert.Contains("cluster://shop/deployment/web", files);
        Assert.Contains("cluster://kube-system/deployment/coredns", files);
        Assert.Contains(_server.Requests, r => r.StartsWith("/api/v1/pods", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_keeps_to_the_namespace_of_the_context()
    {
        if (!Shell.Has("kubectl", "kubernetes-client", _output)) return;
        var run = Kubectl(Kubeconfig(contextNamespace: "shop"), "stockade", "audit", "--context=replay", "--no-config", "--format", "json", "--fail-on", "none");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(_server.Requests, r => r.StartsWith("/api/v1/namespaces/shop/pods?", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Requests, r => r.StartsWith("/api/v1/pods", StringComparison.Ordinal));
    }

    [Fact]
    public void Namespace_flag_overrides_the_context_and_all_namespaces_lifts_it()
    {
        if (!Shell.Has("kubectl", "kubernetes-client", _output)) return;
        var kubeconfig = Kubeconfig(contextNamespace: "shop");
        Assert.Equal(0, Kubectl(kubeconfig, "stockade", "audit", "--context", "replay", "-n", "kube-system", "--no-config", "--fail-on", "none").ExitCode);
        Assert.Contains(_server.Requests, r => r.StartsWith("/api/v1/namespaces/kube-system/pods?", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Requests, r => r.StartsWith("/api/v1/namespaces/shop/pods?", StringComparison.Ordinal));
        Assert.Equal(0, Kubectl(kubeconfig, "stockade", "audit", "--context", "replay", "-A", "--no-config", "--fail-on", "none").ExitCode);
        Assert.Contains(_server.Requests, r => r.StartsWith("/api/v1/pods", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_runs_stockade_scan()
    {
        if (!Shell.Has("kubectl", "kubernetes-client", _output)) return;
        var pod = _tree.Write("pod.yaml", Manifests.Privileged);
        var run = Kubectl(Kubeconfig(), "stockade", "scan", "--no-config", pod);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("privileged", run.Stdout);
    }

    [Fact]
    public void Krew_manifest_carries_the_version_and_the_tarballs_sha256()
    {
        var staging = Directory.CreateDirectory(_tree.PathOf("release")).FullName;
        File.WriteAllText(Path.Combine(staging, "kubectl-stockade"), "#!/bin/sh\n");
        File.WriteAllText(Path.Combine(staging, "stockade"), "binary");
        var tarball = _tree.PathOf("stockade-1.2.3-linux-x64.tar.gz");
        Assert.Equal(0, Shell.Run("tar", ["-czf", tarball, "-C", staging, "kubectl-stockade", "stockade"]).ExitCode);
        var run = Shell.Run(RepositoryFiles.PathOf("build", "krew-manifest.sh"), ["v1.2.3", tarball]);
        Assert.True(run.ExitCode == 0, run.Output);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(tarball)));
        Assert.Contains($"sha256: \"{sha}\"", run.Stdout);
        Assert.Contains("version: v1.2.3", run.Stdout);
        Assert.Contains("/download/v1.2.3/stockade-1.2.3-linux-x64.tar.gz", run.Stdout);
        Assert.DoesNotContain("@", run.Stdout);
    }

    [Fact]
    public void Krew_manifest_refuses_a_tarball_without_the_plugin()
    {
        var tarball = _tree.PathOf("empty.tar.gz");
        _tree.Write("x/other", "");
        Assert.Equal(0, Shell.Run("tar", ["-czf", tarball, "-C", _tree.PathOf("x"), "other"]).ExitCode);
        var run = Shell.Run(RepositoryFiles.PathOf("build", "krew-manifest.sh"), ["1.2.3", tarball]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no kubectl-stockade", run.Stderr);
    }
}
