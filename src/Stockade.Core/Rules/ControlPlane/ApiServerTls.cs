using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server serving certificate or client CA is not configured.</summary>
internal sealed class ApiServerTls : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-tls",
        Title = "API server serving certificate or client CA is not configured",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "Without --tls-cert-file and --tls-private-key-file the API server serves a self-signed certificate generated at start, which clients cannot verify. Without --client-ca-file, client certificates are not accepted for authentication at all, and kubelets and controllers fall back to weaker credentials.",
        Remediation = "Set --tls-cert-file and --tls-private-key-file to a certificate signed by the cluster CA and --client-ca-file to that CA.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
            "- --tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
            "- --client-ca-file=/etc/kubernetes/pki/ca.crt"),
        Fields =
        [
            new("kube-apiserver --tls-cert-file, --tls-private-key-file", "set (default: a self-signed certificate)"),
            new("kube-apiserver --client-ca-file", "set (no default)"),
        ],
        References =
        [
            new("CIS", "1.2.25 Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate"),
            new("CIS", "1.2.26 Ensure that the --client-ca-file argument is set as appropriate"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        foreach (var flag in new[] { "tls-cert-file", "tls-private-key-file" }.Where(f => !flags.Has(f)))
        {
            flags.Report(context, flag, $"kube-apiserver: --{flag} is not set (default: a self-signed certificate generated at start)");
        }
        if (!flags.Has("client-ca-file"))
        {
            flags.Report(context, "client-ca-file", "kube-apiserver: --client-ca-file is not set (no default): client certificates are not verified or accepted");
        }
    }
}
