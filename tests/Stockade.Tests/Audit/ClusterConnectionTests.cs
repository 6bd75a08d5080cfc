using Stockade.Cluster;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Audit;

/// <summary>Which kubeconfig a live audit uses, in kubectl's order.</summary>
public class ClusterConnectionTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static string Server(string host) => ReplayServer.Kubeconfig(host).Replace("current-context: elsewhere", "current-context: replay");

    [Fact]
    public void Explicit_kubeconfig_wins_over_KUBECONFIG_and_home()
    {
        var explicitFile = _tree.Write("explicit", Server("http://127.0.0.1:1001"));
        var fromEnv = _tree.Write("env", Server("http://127.0.0.1:1002"));
        _tree.Write("home/.kube/config", Server("http://127.0.0.1:1003"));
        var config = ClusterConnection.Configure(explicitFile, null, v => v == "KUBECONFIG" ? fromEnv : null, _tree.PathOf("home"));
        Assert.StartsWith("http://127.0.0.1:1001", config.Host);
    }

    [Fact]
    public void KUBECONFIG_uses_its_first_existing_file_then_home()
    {
        var fromEnv = _tree.Write("env", Server("http://127.0.0.1:1002"));
        _tree.Write("home/.kube/config", Server("http://127.0.0.1:1003"));
        var list = string.Join(Path.PathSeparator, _tree.PathOf("missing"), fromEnv);
        Assert.StartsWith("http://127.0.0.1:1002", ClusterConnection.Configure(null, null, v => v == "KUBECONFIG" ? list : null, _tree.PathOf("home")).Host);
        Assert.StartsWith("http://127.0.0.1:1003", ClusterConnection.Configure(null, null, _ => null, _tree.PathOf("home")).Host);
    }

    [Fact]
    public void Context_selects_the_cluster()
    {
        var file = _tree.Write("k", ReplayServer.Kubeconfig("http://127.0.0.1:1001"));
        Assert.Equal("http://127.0.0.1:1", ClusterConnection.Configure(file, null).Host.TrimEnd('/'));
        Assert.StartsWith("http://127.0.0.1:1001", ClusterConnection.Configure(file, "replay").Host);
    }

    [Fact]
    public void Nothing_to_use_is_a_clear_error()
    {
        if (Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") != null) return;
        var e = Assert.Throws<ClusterConfigException>(() => ClusterConnection.Configure(null, null, _ => null, _tree.PathOf("empty-home")));
        Assert.Contains("no cluster to audit", e.Message);
    }
}
