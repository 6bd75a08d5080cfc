using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Control-plane component accepts weak TLS cipher suites or versions.</summary>
internal sealed class ControlPlaneTls : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "control-plane-tls",
        Title = "Control-plane component accepts weak TLS cipher suites or versions",
        Severity = Severity.Low,
        Category = "control-plane",
        Rationale = "Without a cipher-suite list, the API server, controller manager, scheduler and etcd accept Go's default TLS 1.2 suites, which include CBC-mode suites without forward secrecy guarantees of AEAD; a listed weak suite is accepted too. A minimum version below TLS 1.2 lets a client negotiate TLS 1.0 or 1.1, which have known downgrade and padding attacks.",
        Remediation = "List only ECDHE suites with AES-GCM or ChaCha20-Poly1305 in --tls-cipher-suites (etcd: --cipher-suites), and leave --tls-min-version unset or at VersionTLS12 or higher (etcd: TLS1.2).",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --tls-min-version=VersionTLS12",
            "- --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
        Fields =
        [
            new("kube-apiserver, kube-controller-manager, kube-scheduler --tls-cipher-suites; etcd --cipher-suites", "set; " + TlsPolicy.StrongSuitesText),
            new("kube-apiserver, kube-controller-manager, kube-scheduler --tls-min-version; etcd --tls-min-version", "unset (TLS 1.2), VersionTLS12, VersionTLS13 (etcd: TLS1.2, TLS1.3)"),
        ],
        References =
        [
            new("CIS", "1.2.29 Ensure that the API Server only makes use of Strong Cryptographic Ciphers"),
            new("Kubescape", "C-0143"),
            new("Kubescape", "C-0277"),
            new("Checkov", "CKV_K8S_105"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer, Component.ControllerManager, Component.Scheduler, Component.Etcd];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        var name = flags.ProgramName;
        var suitesFlag = flags.Component == Component.Etcd ? "cipher-suites" : "tls-cipher-suites";
        var suites = flags.List(suitesFlag);
        if (suites.Count == 0)
        {
            flags.Report(context, suitesFlag, $"{name}: --{suitesFlag} is not set (default: Go's TLS 1.2 suites, CBC included)");
        }
        foreach (var suite in suites.Where(s => !TlsPolicy.IsStrongSuite(s)))
        {
            flags.Report(context, suitesFlag, $"{name}: --{suitesFlag} includes {suite}, which is not forward-secret AEAD");
        }
        if (flags.Get("tls-min-version") is { } min && TlsPolicy.IsWeakMinVersion(min.Value))
        {
            flags.Report(context, "tls-min-version", $"{name}: --tls-min-version={min.Value} accepts TLS older than 1.2");
        }
    }
}
