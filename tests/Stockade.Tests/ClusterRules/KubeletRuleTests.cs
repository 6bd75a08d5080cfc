namespace Stockade.Tests.ClusterRules;

public class KubeletRuleTests
{
    private static readonly string[] KubeletIds = Stockade.Rules.KubeletRules.All.Select(r => r.Id).ToArray();

    internal static string Config(string body) => "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" + body;

    private static List<string> Found(string body) =>
        ClusterScan.Yaml(Config(body)).Findings.Where(f => KubeletIds.Contains(f.Rule)).Select(f => f.Rule).Order().ToList();

    private const string Hardened = """
        authentication:
          anonymous:
            enabled: false
          webhook:
            enabled: true
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
        authorization:
          mode: Webhook
        readOnlyPort: 0
        rotateCertificates: true
        serverTLSBootstrap: true
        protectKernelDefaults: true
        seccompDefault: true
        podPidsLimit: 4096
        eventRecordQPS: 0
        tlsCipherSuites:
        - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
        - TLS_AES_128_GCM_SHA256
        """;

    [Fact]
    public void A_hardened_kubelet_configuration_is_clean()
    {
        Assert.Empty(Found(Hardened));
    }

    [Fact]
    public void An_empty_file_takes_the_file_defaults_not_the_flag_defaults()
    {
        // File defaults: anonymous off, Webhook authorization, read-only port 0 (the flags default to true, AlwaysAllow, 10255).
        Assert.Equal(
            ["kubelet-certificate-rotation", "kubelet-certificate-rotation", "kubelet-client-ca", "kubelet-event-record-qps", "kubelet-pod-pids-limit",
             "kubelet-protect-kernel-defaults", "kubelet-seccomp-default", "kubelet-tls-cipher-suites"],
            Found(""));
        var messages = ClusterScan.Yaml(Config("")).Findings.Select(f => f.Message).ToList();
        Assert.Contains("kubelet: podPidsLimit is not set (default -1): a pod can start processes until the node runs out", messages);
        Assert.Contains("kubelet: rotateCertificates is not set (default false): the client certificate is never renewed", messages);
    }

    [Theory]
    [InlineData("authentication:\n  anonymous:\n    enabled: true\n  x509:\n    clientCAFile: /ca.crt", "kubelet-anonymous-auth")]
    [InlineData("authorization:\n  mode: AlwaysAllow", "kubelet-authorization-mode")]
    [InlineData("readOnlyPort: 10255", "kubelet-read-only-port")]
    [InlineData("podPidsLimit: -1", "kubelet-pod-pids-limit")]
    [InlineData("seccompDefault: false", "kubelet-seccomp-default")]
    [InlineData("protectKernelDefaults: false", "kubelet-protect-kernel-defaults")]
    [InlineData("rotateCertificates: false", "kubelet-certificate-rotation")]
    [InlineData("featureGates:\n  RotateKubeletServerCertificate: false", "kubelet-certificate-rotation")]
    [InlineData("tlsCipherSuites: [TLS_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]", "kubelet-tls-cipher-suites")]
    public void Each_insecure_setting_is_reported_at_its_field(string setting, string rule)
    {
        var yaml = Config(Override(Hardened, setting));
        var found = ClusterScan.Yaml(yaml).Findings.Where(f => KubeletIds.Contains(f.Rule)).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, f => Assert.Equal(rule, f.Rule));
        Assert.All(found, f => Assert.True(f.Line > 2, $"{f.Rule} at {f.Line}: expected the field's line"));
    }

    [Fact]
    public void Weak_cipher_suites_are_named_one_by_one()
    {
        var result = ClusterScan.Yaml(Config(Override(Hardened, "tlsCipherSuites: [TLS_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA]")));
        Assert.Equal(["tlsCipherSuites[0]", "tlsCipherSuites[2]"], result.Findings("kubelet-tls-cipher-suites").Select(f => f.Path));
    }

    [Fact]
    public void A_serving_certificate_file_stands_in_for_tls_bootstrap()
    {
        Assert.Empty(Found(Override(Hardened, "serverTLSBootstrap: false") + "\ntlsCertFile: /var/lib/kubelet/pki/kubelet.crt"));
    }

    [Fact]
    public void Other_api_versions_are_not_kubelet_configuration_files()
    {
        Assert.Empty(ClusterScan.Yaml("apiVersion: kubelet.config.k8s.io/v1alpha1\nkind: KubeletConfiguration\nreadOnlyPort: 10255").Findings);
    }

    /// <summary>The hardened text with one top-level key replaced by <paramref name="setting"/>.</summary>
    private static string Override(string hardened, string setting)
    {
        var key = setting[..setting.IndexOf(':')];
        var lines = hardened.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        if (start >= 0)
        {
            var end = start + 1;
            while (end < lines.Count && (lines[end].StartsWith(' ') || lines[end].StartsWith('-'))) end++;
            lines.RemoveRange(start, end - start);
        }
        return string.Join('\n', lines) + "\n" + setting;
    }
}
