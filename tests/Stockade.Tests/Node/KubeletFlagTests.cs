using Stockade.Cli;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Tests.Node;

/// <summary>
/// The kubelet rules judge the configuration the kubelet runs with: its file with its flags laid
/// over it, the flags read from a running kubelet's argv or, when none runs, from the systemd unit
/// and drop-ins as systemd would start it; each finding points where its value was written.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class KubeletFlagTests
{
    private const string Config = "/var/lib/kubelet/kubelet-config.yaml";
    private const int Private = 0b110_000_000;

    private static ScanResult Scan(INodeFileSystem fs) => NodeScanner.Scan(fs, new ScanOptions
    {
        Profile = NodeScanner.FlagProfile,
        Config = StockadeConfig.Default,
        Today = new DateOnly(2026, 1, 15),
        MaxParallelism = 1,
    });

    private static ScanResult Scan(NodeFixture node) => Scan(new DiskNodeFileSystem(node.Root));

    // A good node whose kubelet does not run: its flags come from systemd's unit, kubeadm's way.
    private static NodeFixture StoppedKubeadmNode(string kubeadmArgs, string extraArgs = "")
    {
        var node = NodeFixture.Good();
        File.Delete(node.Path("proc/42/cmdline"));
        node.File("lib/systemd/system/kubelet.service", "[Unit]\nDescription=kubelet\n\n[Service]\nExecStart=/usr/bin/kubelet\nRestart=always\n", Private);
        node.File("etc/systemd/system/kubelet.service.d/10-kubeadm.conf", $"""
            # Note: This dropin only works with kubeadm and kubelet v1.11+
            [Service]
            Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
            Environment="KUBELET_CONFIG_ARGS=--config={Config}"
            EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
            EnvironmentFile=-/etc/default/kubelet
            ExecStart=
            ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS

            """, Private);
        node.File("var/lib/kubelet/kubeadm-flags.env", $"KUBELET_KUBEADM_ARGS=\"{kubeadmArgs}\"\n", Private);
        if (extraArgs.Length > 0) node.File("etc/default/kubelet", $"KUBELET_EXTRA_ARGS={extraArgs}\n", Private);
        return node;
    }

    private static (string File, int Line, int Column) At(Finding f) => (f.File, f.Line, f.Column);

    [Fact]
    public void A_dangerous_flag_in_kubeadm_flags_env_beside_a_clean_file_is_found_at_the_env_files_line()
    {
        const string args = "--container-runtime-endpoint=unix:///run/containerd/containerd.sock --read-only-port=10255";
        using var node = StoppedKubeadmNode(args);
        var result = Scan(node);
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings, f => f.Rule == "kubelet-read-only-port");
        var column = "KUBELET_KUBEADM_ARGS=\"".Length + args.IndexOf("--read-only-port", StringComparison.Ordinal) + 1;
        Assert.Equal(("/var/lib/kubelet/kubeadm-flags.env", 1, column), At(finding));
    }

    [Fact]
    public void A_stopped_kubelets_hostname_override_in_kubeadm_flags_env_is_found_at_the_env_files_line()
    {
        using var node = StoppedKubeadmNode("--hostname-override=worker-7");
        var result = Scan(node);
        var finding = Assert.Single(result.Findings, f => f.Rule == "kubelet-hostname-override");
        Assert.Equal(("/var/lib/kubelet/kubeadm-flags.env", 1, 23), At(finding));
        Assert.Equal("argv[4]", finding.Path); // kubelet, its kubeconfig and config flags, then KUBELET_KUBEADM_ARGS
        Assert.Contains(result.Notes, n => n.Message.Contains("no kubelet runs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flag_in_etc_default_kubelet_is_judged_too()
    {
        using var node = StoppedKubeadmNode("--pod-infra-container-image=registry.k8s.io/pause:3.10", "--anonymous-auth");
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "kubelet-anonymous-auth");
        Assert.Equal(("/etc/default/kubelet", 1, 20), At(finding));
    }

    [Fact]
    public void A_dangerous_flag_in_a_drop_ins_environment_is_found_at_the_drop_ins_line()
    {
        using var node = StoppedKubeadmNode("");
        node.File("etc/systemd/system/kubelet.service.d/20-extra.conf", "[Service]\n# the read-only port for the old metrics agent\nEnvironment=\"KUBELET_EXTRA_ARGS=--read-only-port=10255\"\n", Private);
        var result = Scan(node);
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings, f => f.Rule == "kubelet-read-only-port");
        Assert.Equal(("/etc/systemd/system/kubelet.service.d/20-extra.conf", 3, 33), At(finding));
    }

    [Fact]
    public void A_dangerous_flag_in_a_running_kubelets_argv_is_found_at_its_argv_item()
    {
        using var node = NodeFixture.Good();
        node.File("proc/42/cmdline", $"/usr/bin/kubelet\0--config={Config}\0--read-only-port=10255\0", 0b100_100_100);
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "kubelet-read-only-port");
        Assert.Equal(("/proc/42/cmdline", 1, 18 + "--config=".Length + Config.Length + 1), At(finding));
    }

    [Fact]
    public void A_running_kubelet_wins_over_its_unit()
    {
        using var node = StoppedKubeadmNode("--read-only-port=10255");
        node.File("proc/42/cmdline", $"/usr/bin/kubelet\0--config={Config}\0", 0b100_100_100);
        Assert.DoesNotContain(Scan(node).Findings, f => f.Rule == "kubelet-read-only-port");
    }

    [Fact]
    public void A_safe_flag_beside_a_bad_file_is_no_finding()
    {
        using var node = NodeFixture.Good();
        node.File(Config[1..], "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/kubelet-ca.crt\nreadOnlyPort: 10255\n", Private);
        var bad = Scan(node).Findings;
        Assert.Contains(bad, f => f.Rule == "kubelet-anonymous-auth" && f.File == Config && f.Line == 5);
        Assert.Contains(bad, f => f.Rule == "kubelet-read-only-port" && f.File == Config && f.Line == 8);

        node.File("proc/42/cmdline", $"/usr/bin/kubelet\0--config={Config}\0--anonymous-auth=false\0--read-only-port\0000\0", 0b100_100_100);
        var result = Scan(node);
        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Findings, f => f.Rule is "kubelet-anonymous-auth" or "kubelet-read-only-port");
    }

    [Fact]
    public void Feature_gates_on_the_command_line_merge_with_the_files_gate_by_gate()
    {
        using var node = NodeFixture.Good();
        node.File(Config[1..], "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nfeatureGates:\n  SomeOtherGate: true\nrotateCertificates: true\nserverTLSBootstrap: true\n", Private);
        node.File("proc/42/cmdline", $"/usr/bin/kubelet\0--config={Config}\0--feature-gates=RotateKubeletServerCertificate=false\0", 0b100_100_100);
        var finding = Assert.Single(Scan(node).Findings, f => f.Rule == "kubelet-certificate-rotation");
        Assert.Equal("/proc/42/cmdline", finding.File);
        Assert.Contains("RotateKubeletServerCertificate is false", finding.Message);
    }

    [Fact]
    public void An_empty_exec_start_in_a_drop_in_drops_the_units_command()
    {
        using var node = NodeFixture.Good();
        File.Delete(node.Path("proc/42/cmdline"));
        node.File("lib/systemd/system/kubelet.service", $"[Service]\nExecStart=/usr/bin/kubelet --config={Config} --anonymous-auth=true\n", Private);
        node.File("etc/systemd/system/kubelet.service.d/10-kubeadm.conf", $"[Service]\nExecStart=\nExecStart=/usr/bin/kubelet \\\n  --config={Config} \\\n  --read-only-port=10255\n", Private);
        var result = Scan(node);
        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Findings, f => f.Rule == "kubelet-anonymous-auth");
        var port = Assert.Single(result.Findings, f => f.Rule == "kubelet-read-only-port");
        Assert.Equal(("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", 5, 3), At(port));
    }

    [Fact]
    public void A_drop_in_in_etc_hides_the_same_named_one_in_usr_lib_and_the_unit_in_etc_hides_lib()
    {
        using var node = NodeFixture.Good();
        File.Delete(node.Path("proc/42/cmdline"));
        File.Delete(node.Path("etc/systemd/system/kubelet.service.d/10-kubeadm.conf"));
        node.File("lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=true\n", Private);
        node.File("etc/systemd/system/kubelet.service", $"[Service]\nExecStart=/usr/bin/kubelet --config={Config} $KUBELET_EXTRA_ARGS\n", Private);
        node.File("usr/lib/systemd/system/kubelet.service.d/20-extra.conf", "[Service]\nEnvironment=KUBELET_EXTRA_ARGS=--read-only-port=0\n", Private);
        node.File("etc/systemd/system/kubelet.service.d/20-extra.conf", "[Service]\nEnvironment=KUBELET_EXTRA_ARGS=--read-only-port=10255\n", Private);
        // Sorted by name across folders: 30-… (in /usr/lib) comes after 20-… (in /etc) and sets what it sets last.
        node.File("usr/lib/systemd/system/kubelet.service.d/30-kernel.conf", "[Service]\nEnvironment=UNUSED=1 \"KUBELET_EXTRA_ARGS=--read-only-port=10255 --protect-kernel-defaults\"\n", Private);
        var result = Scan(node);
        Assert.Empty(result.Errors);
        Assert.DoesNotContain(result.Findings, f => f.Rule == "kubelet-anonymous-auth");
        var port = Assert.Single(result.Findings, f => f.Rule == "kubelet-read-only-port");
        Assert.Equal(("/usr/lib/systemd/system/kubelet.service.d/30-kernel.conf", 2, 42), At(port));
        Assert.DoesNotContain(result.Findings, f => f.Rule == "kubelet-protect-kernel-defaults"); // --protect-kernel-defaults alone is true
    }

    [Fact]
    public void A_drop_in_that_cannot_be_read_is_an_error_not_a_pass()
    {
        using var node = StoppedKubeadmNode("--read-only-port=0");
        const string denied = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf";
        var result = Scan(new Denying(new DiskNodeFileSystem(node.Root), denied));
        Assert.Contains(result.Errors, e => e.File == denied && e.Message.Contains("systemd unit", StringComparison.Ordinal));
    }

    [Fact]
    public void A_required_environment_file_that_is_missing_is_an_error()
    {
        using var node = StoppedKubeadmNode("");
        node.File("etc/systemd/system/kubelet.service.d/20-env.conf", "[Service]\nEnvironmentFile=/etc/kubelet/flags.env\n", Private);
        Assert.Contains(Scan(node).Errors, e => e.File == "/etc/kubelet/flags.env");
    }

    [Fact]
    public void A_dollar_variable_alone_splits_into_words_a_braced_one_does_not()
    {
        using var node = NodeFixture.Good();
        File.Delete(node.Path("proc/42/cmdline"));
        node.File("lib/systemd/system/kubelet.service", $"[Service]\nEnvironment=\"ARGS=--anonymous-auth=true --read-only-port=10255\" PORT=10255\nExecStart=/usr/bin/kubelet --config={Config} $ARGS\n", Private);
        var split = Scan(node);
        Assert.Empty(split.Errors);
        Assert.Contains(split.Findings, f => f.Rule == "kubelet-anonymous-auth" && At(f) == ("/lib/systemd/system/kubelet.service", 2, 19));
        Assert.Contains(split.Findings, f => f.Rule == "kubelet-read-only-port" && At(f) == ("/lib/systemd/system/kubelet.service", 2, 41));

        // ${ARGS} is one argv item: --anonymous-auth="true --read-only-port=10255", which the kubelet refuses.
        node.File("lib/systemd/system/kubelet.service", $"[Service]\nEnvironment=\"ARGS=--anonymous-auth=true --read-only-port=10255\" PORT=10255\nExecStart=/usr/bin/kubelet --config={Config} ${{ARGS}}\n", Private);
        var whole = Scan(node);
        Assert.Contains(whole.Errors, e => e.Message.Contains("--anonymous-auth=true --read-only-port=10255: not a valid boolean", StringComparison.Ordinal));
        Assert.DoesNotContain(whole.Findings, f => f.Rule == "kubelet-read-only-port");

        // Inside a word, ${PORT} is replaced and reported where PORT was set.
        node.File("lib/systemd/system/kubelet.service", $"[Service]\nEnvironment=\"ARGS=--anonymous-auth=true --read-only-port=10255\" PORT=10255\nExecStart=/usr/bin/kubelet --config={Config} --read-only-port=${{PORT}}\n", Private);
        var port = Assert.Single(Scan(node).Findings, f => f.Rule == "kubelet-read-only-port");
        Assert.Equal(("/lib/systemd/system/kubelet.service", 2, 70), At(port));
    }

    [Fact]
    public void A_kubelet_started_without_a_config_file_is_judged_on_its_flags_and_the_flag_defaults()
    {
        using var node = NodeFixture.Good();
        File.Delete(node.Path("proc/42/cmdline"));
        node.File("lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --authorization-mode=Webhook\n", Private);
        var result = Scan(node);
        Assert.Empty(result.Errors);
        // --anonymous-auth defaults to true and --read-only-port to 10255 without a configuration file.
        Assert.Contains(result.Findings, f => f.Rule == "kubelet-anonymous-auth" && At(f) == ("/lib/systemd/system/kubelet.service", 2, 11));
        Assert.Contains(result.Findings, f => f.Rule == "kubelet-read-only-port");
        Assert.DoesNotContain(result.Findings, f => f.Rule == "kubelet-authorization-mode");
    }

    // The scanner without the privilege to read one file (the tests run as root, so a mode would not stop them).
    private sealed class Denying(INodeFileSystem inner, string denied) : INodeFileSystem
    {
        public NodeFile? Stat(string path) => inner.Stat(path);

        public IReadOnlyList<string> List(string directory) => inner.List(directory);

        public string? ReadText(string path) =>
            path == denied ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied: Permission denied") : inner.ReadText(path);
    }
}
