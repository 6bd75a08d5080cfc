using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Network;

/// <summary>A workload placed in <c>kube-system</c> that is not a cluster component.</summary>
internal sealed class KubeSystemUserObject : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kube-system-workload",
        Title = "Workload placed in kube-system",
        Severity = Severity.Low,
        Category = "network",
        EnabledByDefault = false, // CNI, CSI and cloud add-ons belong there: a review item, not a defect
        Rationale = "kube-system holds the cluster's own components and their credentials (the controllers' ServiceAccounts, " +
                    "bootstrap tokens, the CoreDNS and kube-proxy configuration); it runs at Pod Security level privileged and " +
                    "is exempted by most admission policies. An application placed there inherits that exemption and sits " +
                    "next to those Secrets. The rule reports workloads in kube-system that carry neither of the labels " +
                    "cluster components are deployed with (k8s-app, or tier: control-plane / component on static pods). " +
                    "Off by default: network, storage and cloud add-ons are installed there by design; Trivy counts it.",
        Remediation = "Deploy applications to their own namespace; keep kube-system for the cluster's components.",
        RemediationYaml = """
            metadata:
              name: api
              namespace: shop
            """,
        Fields =
        [
            new("metadata.namespace", "not kube-system, or the pod template labelled k8s-app, or tier: control-plane"),
        ],
        References =
        [
            new("Trivy", "KSV-0037 User resources should not be placed in kube-system namespace"),
            new("CIS", "5.7.1 Create administrative boundaries between resources using namespaces"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var obj = pod.Object;
        if (!NamespacePlacement.IsIn(obj, "kube-system")) return;
        if (pod.PodLabels.ContainsKey("k8s-app") || obj.Labels.ContainsKey("k8s-app")) return;
        if (pod.PodLabels.TryGetValue("tier", out var tier) && tier.Value == "control-plane") return;
        context.Report(obj.Namespace, $"{obj.Kind} \"{obj.Name.Value}\" is placed in kube-system but is not labelled as a cluster component (k8s-app)");
    }
}
