using Stockade.Tests.Cli;
using Xunit.Abstractions;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Generate;

/// <summary>
/// The generated rules applied for real, in network namespaces this test creates and removes:
/// a "pod" namespace behind a veth, a "node" namespace that forwards, and an "apiserver"
/// namespace with listeners. Addresses are documentation ranges (RFC 5737, RFC 3849) that exist
/// only inside these namespaces; no packet leaves them. Needs root, <c>ip</c>, <c>iptables</c>
/// and <c>socat</c> (.ci/run installs them); without them the test says so and checks nothing,
/// except in CI, where it fails.
/// </summary>
public sealed class IptablesInNetnsTests : IDisposable
{
    private const string PodIp = "198.51.100.2";
    private const string NodePodSide = "198.51.100.1";
    private const string NodeApiSide = "203.0.113.1";
    private const string ApiIp = "203.0.113.10";
    private const string PodIp6 = "2001:db8:244::2";
    private const string ApiIp6 = "2001:db8:10::10";

    private readonly ITestOutputHelper _output;
    private readonly TempTree _tree = new();
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _listenerPids = [];
    private readonly bool _ready;

    public IptablesInNetnsTests(ITestOutputHelper output)
    {
        _output = output;
        _ready = Available() && Up();
    }

    private string Pod => $"stk-{_id}-pod";
    private string Node => $"stk-{_id}-node";
    private string ApiNs => $"stk-{_id}-api";

    private bool Available()
    {
        if (!(Shell.Has("ip", "iproute2", _output) && Shell.Has("iptables", "iptables", _output) && Shell.Has("socat", "socat", _output) && Shell.Has("curl", "curl", _output))) return false;
        var probe = Shell.Bash($"ip netns add stk-{_id}-try && ip netns del stk-{_id}-try");
        if (probe.ExitCode == 0) return true;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"network namespaces are not permitted here: {probe.Stderr}");
        _output.WriteLine($"network namespaces are not permitted here ({probe.Stderr.Trim()}); the rules are not applied");
        return false;
    }

    private bool Up()
    {
        var setup = Shell.Bash($"""
            set -e
            ip netns add {Pod}; ip netns add {Node}; ip netns add {ApiNs}
            ip link add p0 netns {Pod} type veth peer name n0 netns {Node}
            ip link add a0 netns {ApiNs} type veth peer name n1 netns {Node}
            for ns in {Pod} {Node} {ApiNs}; do ip -n $ns link set lo up; done
            ip -n {Pod} link set p0 up; ip -n {Node} link set n0 up; ip -n {Node} link set n1 up; ip -n {ApiNs} link set a0 up
            ip -n {Pod} addr add {PodIp}/24 dev p0; ip -n {Node} addr add {NodePodSide}/24 dev n0
            ip -n {Node} addr add {NodeApiSide}/24 dev n1; ip -n {ApiNs} addr add {ApiIp}/24 dev a0
            ip -n {Pod} -6 addr add {PodIp6}/64 dev p0 nodad; ip -n {Node} -6 addr add 2001:db8:244::1/64 dev n0 nodad
            ip -n {Node} -6 addr add 2001:db8:10::1/64 dev n1 nodad; ip -n {ApiNs} -6 addr add {ApiIp6}/64 dev a0 nodad
            ip -n {Pod} route add default via {NodePodSide}; ip -n {ApiNs} route add default via {NodeApiSide}
            ip -n {Pod} -6 route add default via 2001:db8:244::1; ip -n {ApiNs} -6 route add default via 2001:db8:10::1
            ip netns exec {Node} sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
            """);
        if (setup.ExitCode != 0)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"could not build the namespaces: {setup.Stderr}");
            _output.WriteLine($"could not build the namespaces ({setup.Stderr.Trim()}); the rules are not applied");
            return false;
        }
        // Listeners that accept and close at once: curl connects, then its TLS handshake fails.
        Listen(ApiNs, 6443);
        Listen(Node, 2379);
        Listen(Node, 2380);
        return true;
    }

    private void Listen(string ns, int port)
    {
        var run = Shell.Bash($"ip netns exec {ns} socat TCP6-LISTEN:{port},ipv6only=0,fork,reuseaddr EXEC:/bin/true >/dev/null 2>&1 & echo $!");
        _listenerPids.Add(run.Stdout.Trim());
        // Wait (bounded) until it listens, so no check races its start.
        Shell.Bash($"for i in $(seq 50); do ip netns exec {ns} ss -ltn | grep -q ':{port} ' && exit 0; sleep 0.1; done; exit 1");
    }

    public void Dispose()
    {
        foreach (var pid in _listenerPids.Where(p => p.Length > 0)) Shell.Bash($"kill {pid} 2>/dev/null || true");
        Shell.Bash($"ip netns del {Pod} 2>/dev/null; ip netns del {Node} 2>/dev/null; ip netns del {ApiNs} 2>/dev/null; true");
        _tree.Dispose();
    }

    /// <summary>Whether a TCP connection from the namespace to host:port is established (curl counts it, whatever TLS then does).</summary>
    private string Connect(string ns, string hostPort)
    {
        var run = Shell.Bash($"ip netns exec {ns} curl -g -k -s -o /dev/null -w '%{{num_connects}}' --connect-timeout 3 --max-time 5 'https://{hostPort}/'; echo \" $?\"");
        var parts = run.Stdout.Trim().Split(' ');
        return parts[0] == "1" ? "connected" : parts[^1] switch { "7" => "refused", "28" => "timeout", var code => $"curl exit {code}" };
    }

    private string Apply(string script, string action = "apply")
    {
        var path = _tree.Write($"rules-{Guid.NewGuid():N}.sh", script);
        var run = Shell.Bash($"ip netns exec {Node} sh '{path}' {action}");
        Assert.True(run.ExitCode == 0, run.Output);
        return path;
    }

    private string Rules(string tool = "iptables") => Shell.Bash($"ip netns exec {Node} {tool}-save -t filter | grep -v '^#' | grep -v '^:'").Stdout;

    [Fact]
    public async Task Applied_rules_refuse_the_pod_and_keep_the_node_and_are_not_added_twice()
    {
        if (!_ready) return;
        // Without rules the pod reaches the API server: the lab can tell a rule's effect.
        Assert.Equal("connected", Connect(Pod, $"{ApiIp}:6443"));
        Assert.Equal("connected", Connect(Pod, $"[{ApiIp6}]:6443"));

        var script = (await Run("generate", "iptables", "--apiserver", ApiIp, "--apiserver", ApiIp6, "--pod-cidr", "198.51.100.0/24", "--pod-cidr", "2001:db8:244::/64")).Stdout;
        Apply(script);
        var once = (Rules(), Rules("ip6tables"));
        Apply(script);
        Assert.Equal(once, (Rules(), Rules("ip6tables")));
        Assert.Equal(3, once.Item1.Split('\n').Count(l => l.Contains("stockade: pods may not reach the API server")));

        Assert.Equal("refused", Connect(Pod, $"{ApiIp}:6443"));
        Assert.Equal("refused", Connect(Pod, $"[{ApiIp6}]:6443"));
        Assert.Equal("connected", Connect(Node, $"{ApiIp}:6443"));
        Assert.Equal("connected", Connect(Node, $"[{ApiIp6}]:6443"));
    }

    [Fact]
    public async Task The_guidance_s_vpc_chain_alone_does_not_stop_a_pod_behind_a_veth()
    {
        if (!_ready) return;
        Apply((await Run("generate", "iptables", "--apiserver", ApiIp, "--pod-cidr", "198.51.100.0/24", "--network", "vpc")).Stdout);
        // OUTPUT sees only what the node's own stack sends; this pod's packets are forwarded.
        Assert.Equal("connected", Connect(Pod, $"{ApiIp}:6443"));
    }

    [Fact]
    public async Task Verify_run_for_real_proves_the_rules_and_catches_their_absence()
    {
        if (!_ready) return;
        var stubs = new VerifyStubs(_tree, stubCurl: false);
        var script = (await Run("generate", "iptables", "--apiserver", ApiIp, "--pod-cidr", "198.51.100.0/24", "--port", "6443")).Stdout;
        var env = new Dictionary<string, string> { ["STUB_POD_EXEC"] = $"ip netns exec {Pod}" };

        var before = stubs.Verify(script, prefix: $"ip netns exec {Node}", env: env);
        Assert.True(before.ExitCode == 1, before.Output);
        Assert.Contains($"FAIL: a pod on node-1 connected to the API server at {ApiIp}:6443", before.Stderr);

        Apply(script);
        stubs.PodPhases("Succeeded ");
        var after = stubs.Verify(script, prefix: $"ip netns exec {Node}", env: env);
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Contains($"ok: a pod on node-1 gets {ApiIp}:6443 connection refused or rejected", after.Stdout);
    }

    [Fact]
    public async Task Etcd_rules_admit_loopback_and_the_control_plane_and_refuse_the_pod_network()
    {
        if (!_ready) return;
        var script = (await Run("generate", "iptables", "--etcd", "--etcd-member", NodeApiSide, "--control-plane", ApiIp)).Stdout;
        Apply(script);
        Apply(script);
        Assert.Equal(1, Rules().Split('\n').Count(l => l.StartsWith("-A INPUT", StringComparison.Ordinal) && l.Contains("STOCKADE-ETCD")));
        // loopback, the control plane, the member, then the reject.
        Assert.Equal(4, Rules().Split('\n').Count(l => l.StartsWith("-A STOCKADE-ETCD", StringComparison.Ordinal)));

        foreach (var port in new[] { 2379, 2380 })
        {
            Assert.Equal("refused", Connect(Pod, $"{NodeApiSide}:{port}"));
            Assert.Equal("refused", Connect(Pod, $"{NodePodSide}:{port}"));
            Assert.Equal("connected", Connect(ApiNs, $"{NodeApiSide}:{port}"));
            Assert.Equal("connected", Connect(Node, $"{NodeApiSide}:{port}"));
            Assert.Equal("connected", Connect(Node, $"127.0.0.1:{port}"));
        }
    }
}
