using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server does not check image provenance with ImagePolicyWebhook.</summary>
internal sealed class ApiServerImagePolicyWebhook : AdmissionPluginRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-image-policy-webhook",
        Title = "API server does not check image provenance with ImagePolicyWebhook",
        Severity = Severity.Low,
        Category = "control-plane",
        // Image provenance is as often enforced by a validating webhook (Kyverno, Sigstore policy-controller) the scan cannot see.
        EnabledByDefault = false,
        Rationale = "Without an image policy, any image a pod names runs, signed or not, from any registry. ImagePolicyWebhook asks an external service to approve each pod's images before admission; admission webhooks that verify signatures do the same job and are not visible in the API server's flags.",
        Remediation = "Enable ImagePolicyWebhook with its configuration in --admission-control-config-file, or enforce signed images from known registries with an admission webhook.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --enable-admission-plugins=NodeRestriction,ImagePolicyWebhook",
            "- --admission-control-config-file=/etc/kubernetes/admission/admission-config.yaml"),
        Fields =
        [
            new("kube-apiserver --enable-admission-plugins, --disable-admission-plugins", "ImagePolicyWebhook enabled and not disabled (off by default)"),
            new("kube-apiserver --admission-control-config-file", "set when ImagePolicyWebhook is enabled"),
        ],
        References =
        [
            new("CIS", "5.5.1 Configure Image Provenance using ImagePolicyWebhook admission controller"),
            new("Kubescape", "C-0289"),
            new("Kubernetes docs", "ImagePolicyWebhook", "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#imagepolicywebhook"),
        ],
    };

    protected override string Plugin => "ImagePolicyWebhook";

    protected override bool NeedsConfiguration => true;

    protected override string Consequence => "images are admitted without a provenance check";
}
