using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet does not verify client certificates.</summary>
internal sealed class KubeletClientCa : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-client-ca",
        Title = "Kubelet does not verify client certificates",
        Severity = Severity.High,
        Category = "kubelet",
        Rationale = "Without authentication.x509.clientCAFile the kubelet accepts no client certificates: the API server's kubelet client certificate is not verified, and callers authenticate only by bearer token or not at all.",
        Remediation = "Set authentication.x509.clientCAFile to the cluster CA (kubeadm: /etc/kubernetes/pki/ca.crt).",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            authentication:
              x509:
                clientCAFile: /etc/kubernetes/pki/ca.crt
            """,
        Fields =
        [
            new("KubeletConfiguration authentication.x509.clientCAFile", "a non-empty path (no default)"),
        ],
        References =
        [
            new("CIS", "4.2.3 Ensure that the --client-ca-file argument is set as appropriate"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var ca = config.String("authentication.x509.clientCAFile");
        if (!ca.IsSet || ca.Value.Length == 0)
        {
            Report(context, config, ca, "authentication.x509.clientCAFile", "kubelet: authentication.x509.clientCAFile is not set (no default): client certificates are not verified");
        }
    }
}
