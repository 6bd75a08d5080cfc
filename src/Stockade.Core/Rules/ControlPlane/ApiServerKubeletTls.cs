using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server does not authenticate to kubelets or verify them.</summary>
internal sealed class ApiServerKubeletTls : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-kubelet-tls",
        Title = "API server does not authenticate to kubelets or verify them",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "The API server calls each kubelet for exec, logs and port-forward. Without --kubelet-client-certificate and --kubelet-client-key it cannot prove itself to kubelets that require authentication; without --kubelet-certificate-authority it does not verify the kubelet's serving certificate, so whoever intercepts the connection sees (and can alter) every exec session.",
        Remediation = "Set --kubelet-client-certificate and --kubelet-client-key (kubeadm: apiserver-kubelet-client.crt/.key) and --kubelet-certificate-authority to the CA that signs kubelet serving certificates.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
            "- --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
            "- --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt"),
        Fields =
        [
            new("kube-apiserver --kubelet-client-certificate, --kubelet-client-key, --kubelet-certificate-authority", "set (no default)"),
        ],
        References =
        [
            new("CIS", "1.2.4 Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate"),
            new("CIS", "1.2.5 Ensure that the --kubelet-certificate-authority argument is set as appropriate"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        foreach (var flag in new[] { "kubelet-client-certificate", "kubelet-client-key" }.Where(f => !flags.Has(f)))
        {
            flags.Report(context, flag, $"kube-apiserver: --{flag} is not set (no default): the API server presents no client certificate to kubelets");
        }
        if (!flags.Has("kubelet-certificate-authority"))
        {
            flags.Report(context, "kubelet-certificate-authority", "kube-apiserver: --kubelet-certificate-authority is not set (no default): kubelet serving certificates are not verified");
        }
    }
}
