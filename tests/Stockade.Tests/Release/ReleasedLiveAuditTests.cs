using System.Text.Json;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;
using Stockade.Tests.Generate;

namespace Stockade.Tests.Release;

/// <summary>
/// Both released builds, the NativeAOT binary and the installed .NET tool (trimmed, self-contained),
/// read a live cluster as the JIT build does: the loopback
/// API server of <see cref="LiveAuditTests"/>, the kubeconfig read and the objects listed page by page.
/// </summary>
[Trait("Category", ReleaseFolder.Category)]
public class ReleasedLiveAuditTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly RecordedCluster _cluster = new();
    private readonly ReplayServer _server;
    private readonly string _kubeconfig;

    public ReleasedLiveAuditTests()
    {
        _server = new ReplayServer(r => _cluster.Handle(r));
        _kubeconfig = _tree.Write("kubeconfig", ReplayServer.Kubeconfig(_server.Url));
    }

    public void Dispose()
    {
        _server.Dispose();
        _tree.Dispose();
    }

    [Theory]
    [InlineData("native")]
    [InlineData("tool")]
    public void Released_build_audits_a_live_cluster_through_the_kubeconfig(string build)
    {
        if (ReleaseFolder.Find() is not { } dir) return;
        var binary = ReleaseFolder.Binary(build, dir, _tree);
        var run = Shell.Run(binary, ["audit", "--no-config", "--kubeconfig", _kubeconfig, "--context", "replay", "--page-size", "2",
            "--profile", "namespace", "--namespace-default", "restricted:v1.30", "--format", "json", "--fail-on", "none"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        var files = json.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("file").GetString()).ToList();
        Assert.Contains("cluster://shop/deployment/web", files);
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("file").GetString() == "cluster://shop/deployment/web");
        Assert.All(_server.Authorizations, a => Assert.Equal("Bearer replay-token", a));
    }
}
