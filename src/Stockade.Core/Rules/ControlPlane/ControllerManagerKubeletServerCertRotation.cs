using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Kubelet serving certificate rotation is turned off.</summary>
internal sealed class ControllerManagerKubeletServerCertRotation : ControllerManagerRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "controller-manager-kubelet-server-cert-rotation",
        Title = "Kubelet serving certificate rotation is turned off",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "The RotateKubeletServerCertificate feature gate (on by default) lets kubelets request serving certificates from the cluster CA and renew them. Turned off, kubelets serve self-signed certificates the API server cannot verify, or long-lived ones.",
        Remediation = "Remove RotateKubeletServerCertificate=false from --feature-gates.",
        RemediationYaml = CommandYaml("kube-controller-manager", "# RotateKubeletServerCertificate is on by default; do not turn it off"),
        Fields =
        [
            new("kube-controller-manager --feature-gates RotateKubeletServerCertificate", "true or unset"),
        ],
        References =
        [
            new("CIS", "1.3.6 Ensure that the RotateKubeletServerCertificate argument is set to true"),
        ],
    };

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.FeatureGate("RotateKubeletServerCertificate") == false)
        {
            flags.Report(context, "feature-gates", "kube-controller-manager: --feature-gates sets RotateKubeletServerCertificate=false: kubelet serving certificates are not rotated");
        }
    }
}
