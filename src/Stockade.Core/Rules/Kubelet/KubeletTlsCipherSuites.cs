using Stockade.Engine;
using Stockade.Rules.ControlPlane;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet accepts weak TLS cipher suites or versions.</summary>
internal sealed class KubeletTlsCipherSuites : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-tls-cipher-suites",
        Title = "Kubelet accepts weak TLS cipher suites or versions",
        Severity = Severity.Low,
        Category = "kubelet",
        Rationale = "Without tlsCipherSuites the kubelet accepts Go's default TLS 1.2 suites, which include CBC-mode and non-forward-secret RSA key exchange suites; a listed weak suite is accepted too. tlsMinVersion below VersionTLS12 lets clients negotiate TLS 1.0 or 1.1.",
        Remediation = "List only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (TLS 1.3 suites are always strong), and leave tlsMinVersion unset or at VersionTLS12 or higher.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            tlsCipherSuites:
              - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
              - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
              - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
              - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
              - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
              - TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
            """,
        Fields =
        [
            new("KubeletConfiguration tlsCipherSuites[*]", "set; " + TlsPolicy.StrongSuitesText),
            new("KubeletConfiguration tlsMinVersion", "unset (TLS 1.2), VersionTLS12 or VersionTLS13"),
        ],
        References =
        [
            new("CIS", "4.2.12 Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers"),
            new("Checkov", "CKV_K8S_151"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var min = config.String("tlsMinVersion");
        if (min.IsSet && TlsPolicy.IsWeakMinVersion(min.Value)) context.Report(min, $"kubelet: tlsMinVersion is {min.Value}: TLS older than 1.2 is accepted");
        var suites = config.Strings("tlsCipherSuites");
        if (suites.Count == 0)
        {
            var (position, path) = config.Absent("tlsCipherSuites");
            context.Report(position, path, "kubelet: tlsCipherSuites is not set (default: Go's TLS 1.2 suites, CBC and RSA key exchange included)");
            return;
        }
        foreach (var suite in suites.Where(s => !TlsPolicy.IsStrongSuite(s.Value)))
        {
            context.Report(suite, $"kubelet: tlsCipherSuites includes {suite.Value}, which is not forward-secret AEAD");
        }
    }
}
