using Stockade.Tests.Cli;
using Xunit.Abstractions;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Generate;

/// <summary>One rule of the script, as iptables would read its arguments; <paramref name="Position"/> 0 is appended.</summary>
public sealed record ParsedRule(string Tool, string Chain, int Position, string? Source, string Destination, string? Protocol, int? Port, string Target, string? RejectWith, string? Comment, string? InInterface = null, string? Ports = null);

/// <summary>
/// <c>stockade generate iptables</c>: the script is read back by a small iptables argument
/// parser, checked by the shell's syntax check and shellcheck, and its persistence run against
/// a root of its own.
/// </summary>
public class IptablesGenerationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    /// <summary>Shell words, with double-quoted strings kept whole.</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"') { quoted = !quoted; any = true; continue; }
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any) words.Add(current.ToString());
                current.Clear();
                any = false;
                continue;
            }
            current.Append(c);
            any = true;
        }
        Assert.False(quoted, $"unbalanced quote in: {line}");
        if (any) words.Add(current.ToString());
        return words;
    }

    /// <summary>
    /// The rules the script adds: the command after <c>||</c> on each line of apply_rules, and
    /// a check that the <c>-C</c> before it tests exactly the same rule. Lines creating a chain
    /// (<c>-N</c>) are returned by <see cref="NewChains"/>.
    /// </summary>
    public static List<ParsedRule> Rules(string script)
    {
        var rules = new List<ParsedRule>();
        foreach (var line in ApplyLines(script).Where(l => !l.Contains(" -N ", StringComparison.Ordinal)))
        {
            var halves = line.Split(" || ");
            Assert.Equal(2, halves.Length);
            var check = Words(halves[0].Replace("2>/dev/null", ""));
            var add = Words(halves[1]);
            Assert.Equal(check[0], add[0]);
            Assert.Equal("-C", check[1]);
            Assert.Equal(check[2], add[2]);
            var position = add[1] switch
            {
                "-I" => int.Parse(add[3]),
                "-A" => 0,
                _ => throw new Xunit.Sdk.XunitException($"neither -I nor -A: {line}"),
            };
            var spec = add.Skip(add[1] == "-I" ? 4 : 3).ToList();
            Assert.Equal(check.Skip(3), spec);
            rules.Add(Parse(add[0], add[2], position, spec));
        }
        return rules;
    }

    public static List<string> NewChains(string script) =>
        ApplyLines(script).Where(l => l.Contains(" -N ", StringComparison.Ordinal)).Select(l => $"{Words(l)[0]} {Words(l)[^1]}").ToList();

    private static string[] ApplyLines(string script)
    {
        var body = script[(script.IndexOf("apply_rules() {\n", StringComparison.Ordinal) + 16)..];
        return body[..body.IndexOf("\n}", StringComparison.Ordinal)].Split('\n');
    }

    private static ParsedRule Parse(string tool, string chain, int position, List<string> w)
    {
        string? source = null, destination = null, protocol = null, target = null, rejectWith = null, comment = null, inInterface = null, ports = null;
        int? port = null;
        for (var i = 0; i < w.Count; i++)
        {
            switch (w[i])
            {
                case "-s": source = w[++i]; break;
                case "-d": destination = w[++i]; break;
                case "-i": inInterface = w[++i]; break;
                case "-p": protocol = w[++i]; break;
                case "--dport": port = int.Parse(w[++i]); break;
                case "--dports": ports = w[++i]; break;
                case "-m": Assert.Contains(w[++i], new[] { "comment", "multiport" }); break;
                case "--comment": comment = w[++i]; break;
                case "-j": target = w[++i]; break;
                case "--reject-with": rejectWith = w[++i]; break;
                default: throw new Xunit.Sdk.XunitException($"unexpected iptables argument {w[i]}");
            }
        }
        return new ParsedRule(tool, chain, position, source, destination!, protocol, port, target!, rejectWith, comment, inInterface, ports);
    }

    /// <summary><c>sh -n</c> and, where installed, shellcheck as POSIX sh: the script must pass both with no finding.</summary>
    private static void SyntaxCheck(string script, TempTree tree, ITestOutputHelper output)
    {
        var path = tree.Write($"check-{Guid.NewGuid():N}.sh", script);
        foreach (var shell in new[] { "/bin/sh", "/bin/bash" })
        {
            var run = Shell.Run(shell, ["-n", path]);
            Assert.True(run.ExitCode == 0, $"{shell} -n: {run.Stderr}");
        }
        if (!Shell.Has("shellcheck", "shellcheck", output)) return;
        var lint = Shell.Run("shellcheck", ["-s", "sh", path]);
        Assert.True(lint.ExitCode == 0, lint.Stdout + lint.Stderr);
    }

    private const string ApiComment = "stockade: pods may not reach the API server";

    [Fact]
    public async Task Rejects_all_pod_traffic_to_the_api_server_in_every_chain_a_pod_packet_may_cross_when_the_datapath_is_not_given()
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16");
        Assert.Equal(0, run.ExitCode);
        var rules = Rules(run.Stdout);
        Assert.Equal(["FORWARD", "OUTPUT", "INPUT"], rules.Select(r => r.Chain).ToList());
        Assert.All(rules, r =>
        {
            Assert.Equal(("iptables", 1), (r.Tool, r.Position));
            Assert.Equal(("10.244.0.0/16", "172.31.4.10/32"), (r.Source, r.Destination));
            // Every protocol and port, as the guidance's `-j REJECT`.
            Assert.Equal((null, null, "REJECT", null), (r.Protocol, r.Port, r.Target, r.RejectWith));
            Assert.Equal(ApiComment, r.Comment);
        });
        SyntaxCheck(run.Stdout, _tree, output);
    }

    [Theory]
    [InlineData("overlay", "FORWARD")]
    [InlineData("vpc", "OUTPUT")]
    public async Task A_known_datapath_gets_the_guidance_s_chain_and_input(string network, string chain)
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16", "--network", network);
        Assert.Equal(0, run.ExitCode);
        var rules = Rules(run.Stdout);
        Assert.Equal([chain, "INPUT"], rules.Select(r => r.Chain).ToList());
        Assert.All(rules, r => Assert.Equal((null, "REJECT"), (r.Protocol, r.Target)));
    }

    [Fact]
    public async Task Port_narrows_the_rules_to_those_tcp_ports()
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16", "--network", "overlay", "--port", "443", "--port", "6443");
        var rules = Rules(run.Stdout);
        Assert.Equal(["FORWARD 443", "FORWARD 6443", "INPUT 443", "INPUT 6443"], rules.Select(r => $"{r.Chain} {r.Port}").ToList());
        Assert.All(rules, r => Assert.Equal(("tcp", "REJECT", "tcp-reset"), (r.Protocol, r.Target, r.RejectWith)));
        Assert.Contains("targets='172.31.4.10:443 172.31.4.10:6443'", run.Stdout);
        Assert.Contains("every_target_must_answer=yes", run.Stdout);
    }

    [Fact]
    public async Task Dual_stack_gets_iptables_and_ip6tables_rules_for_every_pod_network()
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--apiserver", "fd00:10::4", "--pod-cidr", "10.244.0.0/16", "--pod-cidr", "10.245.0.0/16",
            "--pod-cidr", "fd00:244::/56", "--network", "overlay");
        Assert.Equal(0, run.ExitCode);
        var rules = Rules(run.Stdout).Where(r => r.Chain == "FORWARD");
        Assert.Equal(
            ["iptables 10.244.0.0/16 172.31.4.10/32", "iptables 10.245.0.0/16 172.31.4.10/32", "ip6tables fd00:244::/56 fd00:10::4/128"],
            rules.Select(r => $"{r.Tool} {r.Source} {r.Destination}").ToList());
        Assert.Contains("iptables-save > \"$root/etc/iptables/rules.v4\"", run.Stdout);
        Assert.Contains("ip6tables-save > \"$root/etc/iptables/rules.v6\"", run.Stdout);
        // verify probes both families, IPv6 in brackets, on the ports an API server commonly serves.
        Assert.Contains("targets='172.31.4.10:443 172.31.4.10:6443 [fd00:10::4]:443 [fd00:10::4]:6443'", run.Stdout);
        Assert.Contains("every_target_must_answer=no", run.Stdout);
        SyntaxCheck(run.Stdout, _tree, output);
    }

    [Fact]
    public async Task Etcd_ports_are_accepted_only_from_loopback_the_control_plane_and_the_members()
    {
        var run = await Run("generate", "iptables", "--etcd", "--etcd-member", "10.0.0.11", "--etcd-member", "10.0.0.12", "--etcd-member", "fd00::12",
            "--control-plane", "10.0.0.21", "--control-plane", "10.0.0.11");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["iptables STOCKADE-ETCD", "ip6tables STOCKADE-ETCD"], NewChains(run.Stdout));
        var rules = Rules(run.Stdout);
        foreach (var (tool, allowed) in new[] { ("iptables", new[] { "10.0.0.21/32", "10.0.0.11/32", "10.0.0.12/32" }), ("ip6tables", ["fd00::12/128"]) })
        {
            var family = rules.Where(r => r.Tool == tool).ToList();
            var chain = family.Where(r => r.Chain == "STOCKADE-ETCD").ToList();
            // Accepts are inserted first and the reject appended, so the accepts stay ahead of it however often the script runs.
            Assert.Equal(["lo"], chain.Where(r => r.InInterface != null).Select(r => r.InInterface).ToList());
            Assert.Equal(allowed.Order(), chain.Where(r => r.Source != null).Select(r => r.Source!).Order());
            Assert.All(chain.Where(r => r.Target == "ACCEPT"), r => Assert.Equal(1, r.Position));
            var reject = Assert.Single(chain, r => r.Target == "REJECT");
            Assert.Equal((0, null, "tcp", "tcp-reset"), (reject.Position, reject.Source, reject.Protocol, reject.RejectWith));
            var jump = Assert.Single(family, r => r.Chain == "INPUT");
            Assert.Equal((1, "tcp", "2379,2380", "STOCKADE-ETCD"), (jump.Position, jump.Protocol, jump.Ports, jump.Target));
            Assert.Equal(jump, family[^1]);
        }
        Assert.All(rules, r => Assert.Equal("stockade: only the API servers may reach etcd", r.Comment));
        Assert.Contains("targets='10.0.0.11:2379 10.0.0.11:2380 10.0.0.12:2379 10.0.0.12:2380 [fd00::12]:2379 [fd00::12]:2380'", run.Stdout);
        Assert.Contains("every_target_must_answer=yes", run.Stdout);
        Assert.Contains("ExecStart=/usr/local/sbin/stockade-etcd-ingress apply", run.Stdout);
        SyntaxCheck(run.Stdout, _tree, output);
    }

    [Fact]
    public async Task Etcd_port_replaces_the_client_and_peer_ports()
    {
        var run = await Run("generate", "iptables", "--etcd", "--etcd-member", "10.0.0.11", "--control-plane", "10.0.0.21", "--port", "12379");
        Assert.Equal("12379", Assert.Single(Rules(run.Stdout), r => r.Chain == "INPUT").Ports);
        Assert.Contains("targets='10.0.0.11:12379'", run.Stdout);
    }

    [Fact]
    public async Task Says_that_host_network_pods_are_not_covered()
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16");
        Assert.Contains("# hostNetwork pods send from the node's own address: these rules (and NetworkPolicies) cannot match them.", run.Stdout);
        var etcd = await Run("generate", "iptables", "--etcd", "--etcd-member", "10.0.0.11", "--control-plane", "10.0.0.21");
        Assert.Contains("# hostNetwork pods on a control-plane or member node send from an accepted address", etcd.Stdout);
        var help = await Run("generate", "iptables", "--help");
        Assert.Contains("hostNetwork pods send from the node's own address", help.Stdout);
    }

    [Fact]
    public async Task Offers_three_ways_to_persist_and_a_proof()
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16", "--network", "vpc", "--port", "6443");
        var script = run.Stdout;
        Assert.Contains("apt-get install -y iptables-persistent", script);
        Assert.Contains("iptables-save > \"$root/etc/iptables/rules.v4\"", script);
        Assert.DoesNotContain("rules.v6", script);
        Assert.Contains("ExecStart=/usr/local/sbin/stockade-apiserver-egress apply", script);
        foreach (var action in new[] { "apply) apply_rules", "persist-iptables-persistent) apply_rules; persist_iptables_persistent", "persist-systemd) apply_rules; persist_systemd",
            "persist-rc-local) apply_rules; persist_rc_local", "verify) shift; verify \"$@\"" })
        {
            Assert.Contains(action, script);
        }
    }

    /// <summary>A root to persist into, and a PATH whose iptables and systemctl only record what they are asked.</summary>
    private (string Root, Dictionary<string, string> Env) PersistenceSandbox()
    {
        var root = _tree.PathOf("root");
        Directory.CreateDirectory(root);
        var bin = _tree.PathOf("bin");
        var log = _tree.PathOf("calls");
        foreach (var tool in new[] { "iptables", "ip6tables", "systemctl" })
        {
            var path = _tree.Write($"bin/{tool}", $"#!/bin/sh\necho \"{tool} $*\" >> \"{log}\"\n");
            Shell.MakeExecutable(path);
        }
        return (root, new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/bin:/bin", ["STOCKADE_ROOT"] = root });
    }

    [Fact]
    public async Task Persists_with_rc_local_once_before_its_exit()
    {
        var script = _tree.Write("rules.sh", (await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16")).Stdout);
        var (root, env) = PersistenceSandbox();
        var rcLocal = Path.Combine(root, "etc/rc.local");

        // No rc.local yet: one is written, executable, ending in exit 0.
        Assert.Equal(0, Shell.Run("/bin/sh", [script, "persist-rc-local"], env).ExitCode);
        const string line = "/usr/local/sbin/stockade-apiserver-egress apply";
        Assert.Equal($"#!/bin/sh -e\n{line}\nexit 0\n", File.ReadAllText(rcLocal));
        Assert.True(Shell.IsExecutable(rcLocal));
        Assert.True(File.Exists(Path.Combine(root, "usr/local/sbin/stockade-apiserver-egress")));

        // Run again: nothing added.
        Assert.Equal(0, Shell.Run("/bin/sh", [script, "persist-rc-local"], env).ExitCode);
        Assert.Equal($"#!/bin/sh -e\n{line}\nexit 0\n", File.ReadAllText(rcLocal));

        // Someone else's rc.local: the line goes before its final exit 0, the rest kept.
        File.WriteAllText(rcLocal, "#!/bin/sh -e\n# local\nexit 0 # in a comment\nmount -a\nexit 0\n");
        Assert.Equal(0, Shell.Run("/bin/sh", [script, "persist-rc-local"], env).ExitCode);
        Assert.Equal($"#!/bin/sh -e\n# local\nexit 0 # in a comment\nmount -a\n{line}\nexit 0\n", File.ReadAllText(rcLocal));
        Assert.Contains("iptables -C FORWARD -s 10.244.0.0/16", File.ReadAllText(_tree.PathOf("calls")));
    }

    [Fact]
    public async Task Persists_with_a_systemd_unit_that_reapplies_the_rules_before_the_kubelet()
    {
        var script = _tree.Write("rules.sh", (await Run("generate", "iptables", "--etcd", "--etcd-member", "10.0.0.11", "--control-plane", "10.0.0.21")).Stdout);
        var (root, env) = PersistenceSandbox();
        var run = Shell.Run("/bin/sh", [script, "persist-systemd"], env);
        Assert.True(run.ExitCode == 0, run.Output);
        var unit = File.ReadAllText(Path.Combine(root, "etc/systemd/system/stockade-etcd-ingress.service"));
        Assert.Contains("ExecStart=/usr/local/sbin/stockade-etcd-ingress apply\n", unit);
        Assert.Contains("Before=kubelet.service\n", unit);
        Assert.Contains($"systemctl --root={root} enable stockade-etcd-ingress.service", File.ReadAllText(_tree.PathOf("calls")));
    }

    [Fact]
    public async Task Writes_to_a_file()
    {
        var path = _tree.PathOf("block.sh");
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16", "--network", "vpc", "-o", path);
        Assert.Equal((0, ""), (run.ExitCode, run.Stdout));
        Assert.Equal(2, Rules(File.ReadAllText(path)).Count);
    }

    [Theory]
    [InlineData("needs --apiserver", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("needs --pod-cidr", "--apiserver", "10.0.0.1", "--network", "vpc")]
    [InlineData("is not vpc or overlay", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--network", "calico")]
    [InlineData("is not an IP address", "--apiserver", "10.0.0.256", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("is not an IP address", "--apiserver", "10.0.0.1/32", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("is not a CIDR", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0", "--network", "vpc")]
    [InlineData("has no valid prefix length", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/33", "--network", "vpc")]
    [InlineData("did you mean 10.244.0.0/16", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.1.0/16", "--network", "vpc")]
    [InlineData("is not a port", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc", "--port", "0")]
    [InlineData("--verify-port is for rules that cover every port", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--port", "443", "--verify-port", "443")]
    [InlineData("inside --pod-cidr", "--apiserver", "10.244.3.1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("no --pod-cidr of the same address family", "--apiserver", "fd00::1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("--etcd-member does not apply", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--etcd-member", "10.0.0.2")]
    [InlineData("--etcd needs --etcd-member", "--etcd", "--control-plane", "10.0.0.1")]
    [InlineData("--etcd needs --control-plane", "--etcd", "--etcd-member", "10.0.0.1")]
    [InlineData("--pod-cidr does not apply to --etcd", "--etcd", "--etcd-member", "10.0.0.1", "--control-plane", "10.0.0.2", "--pod-cidr", "10.244.0.0/16")]
    [InlineData("unknown option --all-ports", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--all-ports")]
    public async Task Invalid_input_is_a_usage_error(string message, params string[] args)
    {
        var run = await Run(["generate", "iptables", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
