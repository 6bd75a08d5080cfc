namespace Stockade.Rules.ControlPlane;

/// <summary>Which TLS settings of a Kubernetes component count as strong (the control plane's and the kubelet's rules share them).</summary>
internal static class TlsPolicy
{
    /// <summary>TLS 1.3 suites, and ECDHE key exchange with an AEAD cipher (GCM or ChaCha20-Poly1305).</summary>
    public static bool IsStrongSuite(string suite) =>
        suite is "TLS_AES_128_GCM_SHA256" or "TLS_AES_256_GCM_SHA384" or "TLS_CHACHA20_POLY1305_SHA256"
        || suite.StartsWith("TLS_ECDHE_", StringComparison.Ordinal) && (suite.Contains("_GCM_", StringComparison.Ordinal) || suite.Contains("CHACHA20_POLY1305", StringComparison.Ordinal));

    /// <summary>
    /// A minimum TLS version below 1.2, as component-base (VersionTLS10, VersionTLS11) or etcd
    /// (TLS1.0, TLS1.1) spell it. Unset is Go's server default, TLS 1.2 since Go 1.22.
    /// </summary>
    public static bool IsWeakMinVersion(string version) => version is "VersionTLS10" or "VersionTLS11" or "TLS1.0" or "TLS1.1";

    public const string StrongSuitesText = "each a TLS 1.3 suite (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256) or TLS_ECDHE_* with GCM or CHACHA20_POLY1305";
}
