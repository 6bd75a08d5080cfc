using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>The namespaces the namespace rules judge.</summary>
public static class JudgedNamespaces
{
    /// <summary>
    /// Namespaces whose Namespace object was scanned or that run a workload: a scan of a few RBAC
    /// objects or ConfigMaps says too little about a namespace to blame it for what it lacks.
    /// </summary>
    public static IEnumerable<NamespaceGroup> Of(Inventory inventory) =>
        inventory.Namespaces().Where(g => g.Namespace != null || g.Members.Any(m => m.Summary is WorkloadSummary));

    /// <summary>True when the namespace has a default-deny policy for a direction: empty pod selector, the policy type, no rules of it.</summary>
    public static bool HasDefaultDeny(NamespaceGroup ns, bool egress) =>
        ns.With<NetworkPolicySummary>().Any(p => p.Summary.PodSelector.IsEmpty &&
            (egress ? p.Summary.AffectsEgress && p.Summary.EgressRules == 0 : p.Summary.AffectsIngress && p.Summary.IngressRules == 0));
}
