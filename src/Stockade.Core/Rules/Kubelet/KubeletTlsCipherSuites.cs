using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet accepts weak TLS cipher suites.</summary>
public sealed class KubeletTlsCipherSuites : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-tls-cipher-suites",
        Title = "Kubelet accepts weak TLS cipher suites",
        Severity = Severity.Low,
        Category = "kubelet",
        Rationale = "Without tlsCipherSuites the kubelet accepts Go's default TLS 1.2 suites, which include CBC-mode and non-forward-secret RSA key exchange suites; a listed weak suite is accepted too.",
        Remediation = "List only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (TLS 1.3 suites are always strong).",
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
            new("KubeletConfiguration tlsCipherSuites[*]", "set; each a TLS 1.3 suite (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256) or TLS_ECDHE_* with GCM or CHACHA20_POLY1305"),
        ],
        References =
        [
            new("CIS", "4.2.12 Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var suites = config.Strings("tlsCipherSuites");
        if (suites.Count == 0)
        {
            var (position, path) = config.Absent("tlsCipherSuites");
            context.Report(position, path, "kubelet: tlsCipherSuites is not set (default: Go's TLS 1.2 suites, CBC and RSA key exchange included)");
            return;
        }
        foreach (var suite in suites.Where(s => !IsStrong(s.Value)))
        {
            context.Report(suite, $"kubelet: tlsCipherSuites includes {suite.Value}, which is not forward-secret AEAD");
        }
    }

    /// <summary>TLS 1.3 suites, and ECDHE key exchange with an AEAD cipher (GCM or ChaCha20-Poly1305).</summary>
    private static bool IsStrong(string suite) =>
        suite is "TLS_AES_128_GCM_SHA256" or "TLS_AES_256_GCM_SHA384" or "TLS_CHACHA20_POLY1305_SHA256"
        || suite.StartsWith("TLS_ECDHE_", StringComparison.Ordinal) && (suite.Contains("_GCM_", StringComparison.Ordinal) || suite.Contains("CHACHA20_POLY1305", StringComparison.Ordinal));
}
