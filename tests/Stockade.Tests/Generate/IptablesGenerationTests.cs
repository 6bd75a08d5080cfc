using System.Diagnostics;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Generate;

/// <summary>One rule of the script, as iptables would read its arguments.</summary>
public sealed record ParsedRule(string Tool, string Chain, int Position, string Source, string Destination, string? Protocol, int? Port, string Target, string? RejectWith, string? Comment);

/// <summary>
/// <c>stockade generate iptables</c>: the script is read back by a small iptables argument
/// parser and checked by the shell's own syntax check.
/// </summary>
public class IptablesGenerationTests : IDisposable
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
    /// The rules the script inserts: the command after <c>||</c> on each line of apply_rules, and
    /// a check that the <c>-C</c> before it tests exactly the same rule.
    /// </summary>
    public static List<ParsedRule> Rules(string script)
    {
        var body = script[(script.IndexOf("apply_rules() {\n", StringComparison.Ordinal) + 16)..];
        body = body[..body.IndexOf("\n}", StringComparison.Ordinal)];
        var rules = new List<ParsedRule>();
        foreach (var line in body.Split('\n'))
        {
            var halves = line.Split(" || ");
            Assert.Equal(2, halves.Length);
            var check = Words(halves[0].Replace("2>/dev/null", ""));
            var insert = Words(halves[1]);
            Assert.Equal(check[0], insert[0]);
            Assert.Equal("-C", check[1]);
            Assert.Equal("-I", insert[1]);
            Assert.Equal(check[2], insert[2]);
            Assert.Equal(check.Skip(3), insert.Skip(4));
            rules.Add(Parse(insert));
        }
        return rules;
    }

    private static ParsedRule Parse(List<string> w)
    {
        string? source = null, destination = null, protocol = null, target = null, rejectWith = null, comment = null;
        int? port = null;
        for (var i = 4; i < w.Count; i++)
        {
            switch (w[i])
            {
                case "-s": source = w[++i]; break;
                case "-d": destination = w[++i]; break;
                case "-p": protocol = w[++i]; break;
                case "--dport": port = int.Parse(w[++i]); break;
                case "-m": Assert.Equal("comment", w[++i]); break;
                case "--comment": comment = w[++i]; break;
                case "-j": target = w[++i]; break;
                case "--reject-with": rejectWith = w[++i]; break;
                default: throw new Xunit.Sdk.XunitException($"unexpected iptables argument {w[i]}");
            }
        }
        return new ParsedRule(w[0], w[2], int.Parse(w[3]), source!, destination!, protocol, port, target!, rejectWith, comment);
    }

    private static void SyntaxCheck(string script, TempTree tree)
    {
        var path = tree.Write("rules.sh", script);
        using var sh = Process.Start(new ProcessStartInfo("/bin/sh", ["-n", path]) { RedirectStandardError = true })!;
        var error = sh.StandardError.ReadToEnd();
        sh.WaitForExit();
        Assert.True(sh.ExitCode == 0, error);
    }

    [Theory]
    [InlineData("overlay", "FORWARD")]
    [InlineData("vpc", "OUTPUT")]
    public async Task Rejects_pod_traffic_to_the_api_server_in_the_network_s_chain(string network, string chain)
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16", "--network", network);
        Assert.Equal(0, run.ExitCode);
        var rules = Rules(run.Stdout);
        Assert.Equal([443, 6443], rules.Select(r => r.Port!.Value).Order().ToList());
        Assert.All(rules, r =>
        {
            Assert.Equal(("iptables", chain, 1), (r.Tool, r.Chain, r.Position));
            Assert.Equal(("10.244.0.0/16", "172.31.4.10/32", "tcp"), (r.Source, r.Destination, r.Protocol));
            Assert.Equal(("REJECT", "tcp-reset"), (r.Target, r.RejectWith));
            Assert.Equal("stockade: pods may not reach the API server", r.Comment);
        });
        SyntaxCheck(run.Stdout, _tree);
    }

    [Fact]
    public async Task Every_pod_network_and_address_family_gets_its_rules()
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--apiserver", "fd00:10::4", "--pod-cidr", "10.244.0.0/16", "--pod-cidr", "10.245.0.0/16",
            "--pod-cidr", "fd00:244::/56", "--network", "overlay", "--all-ports");
        Assert.Equal(0, run.ExitCode);
        var rules = Rules(run.Stdout);
        Assert.Equal(
            ["iptables 10.244.0.0/16 172.31.4.10/32", "iptables 10.245.0.0/16 172.31.4.10/32", "ip6tables fd00:244::/56 fd00:10::4/128"],
            rules.Select(r => $"{r.Tool} {r.Source} {r.Destination}").ToList());
        Assert.All(rules, r => Assert.Equal((null, null, "REJECT", null), (r.Protocol, r.Port, r.Target, r.RejectWith)));
        Assert.Contains("iptables-save > /etc/iptables/rules.v4", run.Stdout);
        Assert.Contains("ip6tables-save > /etc/iptables/rules.v6", run.Stdout);
        SyntaxCheck(run.Stdout, _tree);
    }

    [Fact]
    public async Task Persists_both_ways_and_says_how_to_verify()
    {
        var run = await Run("generate", "iptables", "--apiserver", "172.31.4.10", "--pod-cidr", "10.244.0.0/16", "--network", "vpc", "--port", "6443");
        var script = run.Stdout;
        Assert.Equal([6443], Rules(script).Select(r => r.Port!.Value).ToList());
        Assert.Contains("apt-get install -y iptables-persistent", script);
        Assert.Contains("iptables-save > /etc/iptables/rules.v4", script);
        Assert.DoesNotContain("rules.v6", script);
        Assert.Contains("cat > /etc/systemd/system/stockade-apiserver-egress.service <<'UNIT'", script);
        Assert.Contains("ExecStart=/usr/local/sbin/stockade-apiserver-egress apply", script);
        Assert.Contains("systemctl enable stockade-apiserver-egress.service", script);
        Assert.Contains("kubectl run stockade-apiserver-check --rm -i --restart=Never --image=curlimages/curl -- curl -k -sS --max-time 5 https://172.31.4.10:6443/version", script);
        foreach (var action in new[] { "apply) apply_rules", "persist-iptables-persistent) apply_rules; persist_iptables_persistent", "persist-systemd) apply_rules; persist_systemd", "verify) verify" })
        {
            Assert.Contains(action, script);
        }
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
    [InlineData("needs --network", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16")]
    [InlineData("is not vpc or overlay", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--network", "calico")]
    [InlineData("is not an IP address", "--apiserver", "10.0.0.256", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("is not an IP address", "--apiserver", "10.0.0.1/32", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("is not a CIDR", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0", "--network", "vpc")]
    [InlineData("has no valid prefix length", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/33", "--network", "vpc")]
    [InlineData("did you mean 10.244.0.0/16", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.1.0/16", "--network", "vpc")]
    [InlineData("is not a port", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc", "--port", "0")]
    [InlineData("cannot be combined", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc", "--port", "443", "--all-ports")]
    [InlineData("inside --pod-cidr", "--apiserver", "10.244.3.1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    [InlineData("no --pod-cidr of the same address family", "--apiserver", "fd00::1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc")]
    public async Task Invalid_input_is_a_usage_error(string message, params string[] args)
    {
        var run = await Run(["generate", "iptables", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
