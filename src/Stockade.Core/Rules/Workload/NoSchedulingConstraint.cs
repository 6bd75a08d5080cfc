using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A pod that may land on any node: no nodeSelector entries, no nodeAffinity and no nodeName.</summary>
internal sealed class NoSchedulingConstraint : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "no-scheduling-constraint",
        Title = "Pod is not confined to any nodes",
        Severity = Severity.Low,
        Rationale = "Without a node selector or node affinity a pod can be scheduled next to any other workload. " +
                    "Confining sensitive workloads to dedicated nodes limits what a compromised neighbour, or a " +
                    "compromise of this pod, can reach on the shared node. Static pods (files of a kubelet's manifests " +
                    "folder, or their mirror pods in a dump) are bound to the node that reads them and are not reported.",
        Remediation = "Set a nodeSelector or a nodeAffinity that places the workload on the node pool meant for it.",
        RemediationYaml = """
            spec:
              nodeSelector:
                node-pool: restricted
            """,
        Fields =
        [
            new("spec.nodeSelector, spec.affinity.nodeAffinity, spec.nodeName", "at least one set (a non-empty nodeSelector or nodeName); static pods are not read"),
        ],
        References =
        [
            new("NSA", "Kubernetes Hardening Guide: Pod security (separate sensitive workloads onto dedicated nodes)"),
            new("Kubernetes docs", "Assigning Pods to Nodes", "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/"),
        ],
        EnabledByDefault = true,
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var spec = pod.Spec;
        if (StaticPods.IsStatic(pod, context.Origin)) return;
        if (spec.NodeSelector.Count > 0 || spec.NodeAffinity.IsSet || spec.NodeName.IsSet && spec.NodeName.Value.Length > 0) return;
        context.Report(spec.Position, FieldPaths.Join(spec.Path, "nodeSelector"),
            "pod has no nodeSelector, nodeAffinity or nodeName, so it may be scheduled on any node");
    }
}
