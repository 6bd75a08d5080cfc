using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Generate;

/// <summary>
/// The generated <c>verify</c>, run under bash with <c>kubectl</c> and <c>curl</c> replaced by
/// stubs (<see cref="VerifyStubs"/>) that simulate each outcome: it passes only when the node
/// reaches the address and the pod is refused or times out on every probed port.
/// </summary>
public class IptablesVerifyTests : IDisposable
{
    private const string Api = "172.31.4.10:6443";
    private readonly TempTree _tree = new();
    private readonly VerifyStubs _stubs;

    public IptablesVerifyTests() => _stubs = new VerifyStubs(_tree);

    public void Dispose() => _tree.Dispose();

    private static async Task<string> Script(params string[] args)
    {
        var run = await Run(["generate", "iptables", .. args]);
        Assert.Equal(0, run.ExitCode);
        return run.Stdout;
    }

    private static Task<string> ApiScript(params string[] more) => Script(["--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16", "--port", "6443", .. more]);

    [Theory]
    [InlineData("refused", "ok: a pod on node-1 gets 172.31.4.10:6443 connection refused or rejected")]
    [InlineData("timeout", "ok: a pod on node-1 gets 172.31.4.10:6443 timed out")]
    public async Task Proves_the_rule_when_the_node_reaches_the_api_server_and_the_pod_is_refused_or_times_out(string fromPod, string message)
    {
        _stubs.FromNode((Api, "connected")).FromPod((Api, fromPod));
        var run = _stubs.Verify(await ApiScript());
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("ok: the API server answers on 172.31.4.10:6443 from this node", run.Stdout);
        Assert.Contains(message, run.Stdout);
        Assert.Contains("one probe pod proves one node", run.Stdout);
        Assert.True(_stubs.PodDeleted);
    }

    [Theory]
    [InlineData("connected", "curl exit 0")]
    [InlineData("tls-failed", "curl exit 35: TLS handshake failed")]
    public async Task Fails_when_a_pod_connects_even_if_tls_then_fails(string fromPod, string detail)
    {
        _stubs.FromNode((Api, "connected")).FromPod((Api, fromPod));
        var run = _stubs.Verify(await ApiScript());
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"FAIL: a pod on node-1 connected to the API server at 172.31.4.10:6443 ({detail}", run.Stderr);
        Assert.DoesNotContain("ok: the API server answers from this node and refuses", run.Stdout);
        Assert.True(_stubs.PodDeleted);
    }

    [Theory]
    [InlineData("refused", "curl exit 7: connection refused or rejected")]
    [InlineData("timeout", "curl exit 28: timed out")]
    public async Task Proves_nothing_when_the_api_server_does_not_answer_from_the_node(string fromNode, string detail)
    {
        _stubs.FromNode((Api, fromNode)).FromPod((Api, "refused"));
        var run = _stubs.Verify(await ApiScript());
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"not proved: the API server does not answer on 172.31.4.10:6443 from this node ({detail}), so a refusal from a pod would prove nothing", run.Stderr);
        Assert.DoesNotContain("kubectl create", File.Exists(Path.Combine(_stubs.Dir, "calls")) ? File.ReadAllText(Path.Combine(_stubs.Dir, "calls")) : "");
    }

    [Fact]
    public async Task Proves_nothing_when_the_probe_pod_never_runs()
    {
        _stubs.FromNode((Api, "connected")).FromPod((Api, "refused")).PodPhases("Pending ");
        var run = _stubs.Verify(await ApiScript());
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not proved: the probe pod did not run to completion on node-1 within 10s (phase Pending)", run.Stderr);
        Assert.True(_stubs.PodDeleted);
    }

    [Theory]
    [InlineData("ErrImagePull")]
    [InlineData("ImagePullBackOff")]
    public async Task Proves_nothing_when_the_probe_image_cannot_be_pulled(string reason)
    {
        _stubs.FromNode((Api, "connected")).PodPhases("Pending ", $"Pending {reason}");
        var run = _stubs.Verify(await ApiScript());
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"not proved: node node-1 cannot pull the probe image curlimages/curl ({reason}); set STOCKADE_VERIFY_IMAGE", run.Stderr);
    }

    [Fact]
    public async Task Proves_nothing_when_the_probe_pod_fails()
    {
        _stubs.FromNode((Api, "connected")).PodPhases("Failed ").FailedBecause("OutOfpods Node didn't have enough resource: pods  exit ");
        var run = _stubs.Verify(await ApiScript());
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not proved: the probe pod failed on node-1: OutOfpods Node didn't have enough resource", run.Stderr);
    }

    [Fact]
    public async Task Proves_nothing_for_a_node_the_cluster_does_not_have()
    {
        _stubs.FromNode((Api, "connected"));
        var run = _stubs.Verify(await ApiScript(), node: "node-9");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not proved: the cluster has no node named node-9", run.Stderr);
    }

    [Fact]
    public async Task Proves_nothing_when_the_pod_s_curl_ends_otherwise()
    {
        _stubs.FromNode((Api, "connected")).FromPod((Api, "unresolved"));
        var run = _stubs.Verify(await ApiScript());
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not proved: the probe of 172.31.4.10:6443 from a pod on node-1 ended with curl exit 6 (could not resolve the host), neither refused nor timed out", run.Stderr);
    }

    [Fact]
    public async Task Proves_nothing_when_the_probe_pod_cannot_be_created()
    {
        _stubs.FromNode((Api, "connected")).CreateExitCode(1);
        var run = _stubs.Verify(await ApiScript());
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not proved: could not create the probe pod", run.Stderr);
    }

    [Fact]
    public async Task Without_port_probes_the_api_server_ports_that_answer_from_the_node()
    {
        var script = await Script("--apiserver", "172.31.4.10", "--apiserver", "fd00:10::4", "--pod-cidr", "10.244.0.0/16", "--pod-cidr", "fd00:244::/56");
        _stubs.FromNode(("172.31.4.10:6443", "connected"), ("[fd00:10::4]:6443", "connected"))
            .FromPod(("172.31.4.10:6443", "refused"), ("[fd00:10::4]:6443", "timeout"), ("172.31.4.10:443", "connected"));
        var run = _stubs.Verify(script);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("note: nothing answers on 172.31.4.10:443 from this node (curl exit 7: connection refused or rejected); not probed", run.Stderr);
        Assert.Contains("ok: a pod on node-1 gets 172.31.4.10:6443 connection refused or rejected", run.Stdout);
        Assert.Contains("ok: a pod on node-1 gets [fd00:10::4]:6443 timed out", run.Stdout);
        Assert.DoesNotContain("'172.31.4.10:443'", _stubs.Manifest);
    }

    [Fact]
    public async Task Without_port_proves_nothing_when_no_api_server_port_answers_from_the_node()
    {
        var run = _stubs.Verify(await Script("--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not proved: the API server answers on none of 172.31.4.10:443 172.31.4.10:6443 from this node (give the port it serves with --verify-port)", run.Stderr);
    }

    [Fact]
    public async Task Etcd_verify_covers_every_port_of_every_member()
    {
        var script = await Script("--etcd", "--etcd-member", "10.0.0.11", "--etcd-member", "10.0.0.12", "--control-plane", "10.0.0.21");
        var targets = new[] { "10.0.0.11:2379", "10.0.0.11:2380", "10.0.0.12:2379", "10.0.0.12:2380" };
        // etcd asks for a client certificate: the node connects, then TLS fails; that is an answer.
        _stubs.FromNode(targets.Select(t => (t, "tls-failed")).ToArray()).FromPod(targets.Select(t => (t, t == "10.0.0.12:2380" ? "tls-failed" : "refused")).ToArray());
        var run = _stubs.Verify(script);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL: a pod on node-1 connected to etcd at 10.0.0.12:2380", run.Stderr);
        foreach (var t in targets.SkipLast(1)) Assert.Contains($"ok: a pod on node-1 gets {t} connection refused or rejected", run.Stdout);

        _stubs.FromPod(targets.Select(t => (t, "refused")).ToArray()).PodPhases("Succeeded ");
        var proved = _stubs.Verify(script);
        Assert.True(proved.ExitCode == 0, proved.Output);
        Assert.Contains("one probe pod proves the members' rules against one node's pods", proved.Stdout);
    }

    [Fact]
    public async Task The_probe_pod_is_pinned_to_the_node_on_the_pod_network_and_passes_the_restricted_profile()
    {
        _stubs.FromNode((Api, "connected")).FromPod((Api, "refused"));
        Assert.Equal(0, _stubs.Verify(await ApiScript(), env: new() { ["STOCKADE_VERIFY_IMAGE"] = "registry.local/curl:8", ["STOCKADE_VERIFY_NAMESPACE"] = "probes" }).ExitCode);
        var pod = Assert.Single(NetworkPolicyGenerationTests.Read(_stubs.Manifest));
        Assert.Equal(("Pod", "probes"), (pod.Kind, pod.Namespace.Value));
        Assert.Contains("  nodeName: node-1\n", _stubs.Manifest);
        Assert.Contains("  hostNetwork: false\n", _stubs.Manifest);
        Assert.Contains("    image: registry.local/curl:8\n", _stubs.Manifest);
        var manifest = _tree.Write("probe.yaml", _stubs.Manifest);
        var scan = await Run("scan", "--profile", "restricted", "--no-config", manifest);
        Assert.True(scan.ExitCode == 0, scan.Stdout + scan.Stderr);
    }
}
