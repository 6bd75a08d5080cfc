using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server does not make every pod pull its images.</summary>
internal sealed class ApiServerAlwaysPullImages : AdmissionPluginRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-always-pull-images",
        Title = "API server does not make every pod pull its images",
        Severity = Severity.Low,
        Category = "control-plane",
        Rationale = "An image a node has pulled once stays in its cache; a pod with imagePullPolicy IfNotPresent or Never then runs it without the registry checking the pod's pull credentials. On nodes shared between tenants, a pod can run another tenant's private image by naming it. AlwaysPullImages sets every container's pull policy to Always, so credentials are checked at every start (the kubelet's own check of cached images, KubeletEnsureSecretPulledImages, is the newer alternative).",
        Remediation = "Add AlwaysPullImages to --enable-admission-plugins where nodes are shared between tenants; keep the registry reachable, as every pod start now contacts it.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --enable-admission-plugins=NodeRestriction,AlwaysPullImages"),
        Fields =
        [
            new("kube-apiserver --enable-admission-plugins, --disable-admission-plugins", "AlwaysPullImages enabled and not disabled (off by default)"),
        ],
        References =
        [
            new("CIS", "1.2.11 Ensure that the admission control plugin AlwaysPullImages is set"),
            new("Trivy", "KCV-0012"),
            new("Kubescape", "C-0123"),
            new("Checkov", "CKV_K8S_80"),
            new("Kubernetes docs", "AlwaysPullImages", "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages"),
        ],
    };

    protected override string Plugin => "AlwaysPullImages";

    protected override string Consequence => "a pod can run an image cached on its node without the pull credentials for it";
}
