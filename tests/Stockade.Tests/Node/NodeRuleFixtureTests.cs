using Stockade.Cli;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Node;
using Stockade.Rules;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Node;

/// <summary>
/// The node rules' examples: file modes and owners cannot be written in examples/rules YAML, so
/// every rule of <see cref="NodeRules"/> is proven on a fake node root instead — it fires on the
/// bad root (mode and owner) and not on the good one. <see cref="Docs.RuleExamplesTests"/> leaves these rules to this test.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class NodeRuleFixtureTests
{
    public static TheoryData<string> NodeRuleIds() => new(NodeRules.All.Select(r => r.Id));

    private static ScanResult Scan(NodeFixture node) => NodeScanner.Scan(new DiskNodeFileSystem(node.Root), new ScanOptions
    {
        Profile = NodeScanner.FlagProfile,
        Config = StockadeConfig.Default,
        Today = new DateOnly(2026, 1, 15),
        MaxParallelism = 1,
    });

    [Theory]
    [MemberData(nameof(NodeRuleIds))]
    public void A_node_rule_fires_on_the_bad_root_for_mode_and_owner(string rule)
    {
        using var node = NodeFixture.Bad();
        var result = Scan(node);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Findings, f => f.Rule == rule && f.Path == "mode");
        Assert.Contains(result.Findings, f => f.Rule == rule && f.Path == "owner");
    }

    [Theory]
    [MemberData(nameof(NodeRuleIds))]
    public void A_node_rule_does_not_fire_on_the_good_root(string rule)
    {
        using var node = NodeFixture.Good();
        var result = Scan(node);
        Assert.Empty(result.Errors);
        var fired = result.Findings.Where(f => f.Rule == rule).ToList();
        Assert.True(fired.Count == 0, string.Join("; ", fired.Select(f => f.Message)));
    }

    [Fact]
    public void The_paths_the_running_programs_were_given_are_the_ones_checked()
    {
        using var node = NodeFixture.Bad();
        var files = Scan(node).Findings.Select(f => f.File).ToHashSet();
        Assert.Contains("/data/etcd", files); // etcd --data-dir
        Assert.Contains("/var/lib/kubelet/kubelet-config.yaml", files); // kubelet --config
        Assert.Contains("/etc/kubernetes/pki/kubelet-ca.crt", files); // the config file's clientCAFile
        Assert.DoesNotContain("/var/lib/etcd", files);
    }

    [Fact]
    public void A_pki_certificate_readable_by_others_is_reported_as_cis_1_1_20_asks()
    {
        // kubeadm's default 0644: CIS v1.10 1.1.20 (and kube-bench, Trivy KCV-0068, Kubescape C-0111) want 0600.
        using var node = NodeFixture.Good();
        node.File("etc/kubernetes/pki/etcd/ca.crt", "cert", 0b110_100_100);
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "node-pki-files");
        Assert.Equal(("/etc/kubernetes/pki/etcd/ca.crt", "mode"), (finding.File, finding.Path));
        Assert.Contains("0644", finding.Message);
        Assert.Contains("0600", finding.Message);
    }

    [Fact]
    public void A_running_api_servers_flags_are_judged_at_their_place_in_its_cmdline()
    {
        using var node = NodeFixture.Good();
        node.File("proc/7/cmdline", "kube-apiserver\0--anonymous-auth=true\0--profiling\0", 0b100_100_100);
        var result = Scan(node);
        var anonymous = Assert.Single(result.Findings, f => f.Rule == "apiserver-anonymous-auth");
        Assert.Equal(("/proc/7/cmdline", 1, 16, "argv[1]"), (anonymous.File, anonymous.Line, anonymous.Column, anonymous.Path));
        Assert.Equal("Process", anonymous.Object.Kind);
        Assert.Contains(result.Findings, f => f.Rule == "control-plane-profiling" && f.Column == 38);
    }

    [Fact]
    public void The_kubelet_configuration_file_is_judged_by_the_kubelet_rules()
    {
        using var node = NodeFixture.Good();
        node.File("var/lib/kubelet/kubelet-config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n", 0b110_000_000);
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "kubelet-anonymous-auth");
        Assert.Equal(("/var/lib/kubelet/kubelet-config.yaml", 5), (finding.File, finding.Line));
    }

    [Fact]
    public void A_running_kubelets_hostname_override_is_judged_at_its_place_in_its_cmdline()
    {
        using var node = NodeFixture.Good();
        Assert.DoesNotContain(Scan(node).Findings, f => f.Rule == "kubelet-hostname-override");
        node.File("proc/42/cmdline", "/usr/bin/kubelet\0--config=/var/lib/kubelet/kubelet-config.yaml\0--hostname-override=worker-7\0", 0b100_100_100);
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "kubelet-hostname-override");
        Assert.Equal(("/proc/42/cmdline", "argv[2]", "Process"), (finding.File, finding.Path, finding.Object.Kind));
    }

    [Fact]
    public void A_running_kubelets_config_file_missing_from_the_root_is_an_error()
    {
        using var node = NodeFixture.Good();
        File.Delete(node.Path("var/lib/kubelet/kubelet-config.yaml"));
        var error = Assert.Single(Scan(node).Errors);
        Assert.Contains("--config /var/lib/kubelet/kubelet-config.yaml", error.Message);
    }

    [Fact]
    public void A_symlink_is_followed_inside_the_root_not_out_of_it()
    {
        using var node = NodeFixture.Good();
        File.Delete(node.Path("etc/kubernetes/admin.conf"));
        node.File("srv/admin.conf", "x", 0b110_110_110);
        File.CreateSymbolicLink(node.Path("etc/kubernetes/admin.conf"), "/srv/admin.conf");
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "node-kubeconfig-files");
        Assert.Contains("0666", finding.Message);
    }

    [Fact]
    public void The_kubelets_client_ca_is_read_from_its_configuration_whatever_the_yaml_style()
    {
        // Flow style (or JSON) is as valid a KubeletConfiguration as block style: the file it names is the one checked.
        using var node = NodeFixture.Good();
        node.File("var/lib/kubelet/kubelet-config.yaml", """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            authentication: {x509: {clientCAFile: /etc/kubernetes/pki/kubelet-ca.crt}}
            """, 0b110_000_000);
        File.SetUnixFileMode(node.Path("etc/kubernetes/pki/kubelet-ca.crt"), (UnixFileMode)0b110_110_110);
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "node-kubelet-client-ca");
        Assert.Contains("/etc/kubernetes/pki/kubelet-ca.crt", finding.Message);
    }

    [Fact]
    public void A_symlinked_directory_is_followed_inside_the_root_not_out_of_it()
    {
        // kubeadm on some distributions: /etc/kubernetes -> /srv/kubernetes, an absolute link of the node's.
        using var node = NodeFixture.Good();
        Directory.CreateDirectory(node.Path("srv"));
        Directory.Move(node.Path("etc/kubernetes"), node.Path("srv/kubernetes"));
        Directory.CreateSymbolicLink(node.Path("etc/kubernetes"), "/srv/kubernetes");
        File.SetUnixFileMode(node.Path("srv/kubernetes/admin.conf"), (UnixFileMode)0b110_110_110);
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "node-kubeconfig-files");
        Assert.Contains("/etc/kubernetes/admin.conf has mode 0666", finding.Message);
    }

    [Fact]
    public void A_directory_symlink_loop_is_an_error_not_a_crash()
    {
        using var node = NodeFixture.Good();
        Directory.CreateSymbolicLink(node.Path("etc/cni/net.d/loop"), "/etc/cni/net.d");
        var result = Scan(node);
        Assert.Contains(result.Errors, e => e.Message.Contains("/etc/cni/net.d/loop", StringComparison.Ordinal));
    }

    [Fact]
    public void A_directory_that_cannot_be_listed_is_an_error_not_a_pass()
    {
        using var node = NodeFixture.Good();
        var result = NodeScanner.Scan(new UnlistableDirectory(new DiskNodeFileSystem(node.Root), "/etc/kubernetes/pki"), new ScanOptions
        {
            Profile = NodeScanner.FlagProfile,
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 1, 15),
            MaxParallelism = 1,
        });
        Assert.Contains(result.Errors, e => e.File == "/etc/kubernetes/pki" && e.Message.Contains("Permission denied", StringComparison.Ordinal));
    }

    [Fact]
    public void A_process_whose_command_line_cannot_be_read_is_an_error_not_a_pass()
    {
        using var node = NodeFixture.Good();
        var result = NodeScanner.Scan(new UnreadableCmdline(new DiskNodeFileSystem(node.Root), "/proc/41/cmdline"), new ScanOptions
        {
            Profile = NodeScanner.FlagProfile,
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 1, 15),
            MaxParallelism = 1,
        });
        Assert.Contains(result.Errors, e => e.File == "/proc/41/cmdline" && e.Message.Contains("would go unchecked", StringComparison.Ordinal));
    }

    // /proc mounted with hidepid=1: another user's process is listed, its cmdline refused.
    private sealed class UnreadableCmdline(INodeFileSystem inner, string denied) : INodeFileSystem
    {
        public NodeFile? Stat(string path) => inner.Stat(path);

        public IReadOnlyList<string> List(string directory) => inner.List(directory);

        public string? ReadText(string path) =>
            path == denied ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied") : inner.ReadText(path);
    }

    // The scanner without root's privileges: the PKI folder is 0700 root (the test itself runs as root in CI).
    private sealed class UnlistableDirectory(INodeFileSystem inner, string denied) : INodeFileSystem
    {
        public NodeFile? Stat(string path) => inner.Stat(path);

        public IReadOnlyList<string> List(string directory) =>
            directory == denied ? throw new UnauthorizedAccessException($"Access to the path '{directory}' is denied: Permission denied") : inner.List(directory);

        public string? ReadText(string path) => inner.ReadText(path);
    }

    [Fact]
    public async Task The_node_command_reports_with_scans_formats_and_exit_codes()
    {
        using var bad = NodeFixture.Bad();
        using var good = NodeFixture.Good();
        var failed = await CliHarness.Run("node", "--root", bad.Root, "--format", "json", "--no-config");
        var passed = await CliHarness.Run("node", "--root", good.Root, "--fail-on", "critical", "--no-config");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("\"rule\": \"node-pki-files\"", failed.Stdout);
        Assert.Contains("\"file\": \"/etc/kubernetes/pki/ca.key\"", failed.Stdout);
        Assert.True(passed.ExitCode == 0, passed.Stdout + passed.Stderr);
    }

    [Fact]
    public async Task A_root_with_no_node_files_is_an_error_not_a_pass()
    {
        using var empty = new TempTree();
        var run = await CliHarness.Run("node", "--root", empty.Root, "--no-config");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--root", run.Stdout + run.Stderr);
    }
}
