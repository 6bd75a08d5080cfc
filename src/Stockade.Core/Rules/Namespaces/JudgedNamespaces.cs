using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>The namespaces the namespace rules judge.</summary>
internal static class JudgedNamespaces
{
    /// <summary>Why no NetworkPolicy and no container-CIDR iptables rule can be relied on for a hostNetwork pod (the rules' messages and docs).</summary>
    public const string HostNetworkReason =
        "NetworkPolicy behaviour for hostNetwork pods is undefined upstream and most network plugins ignore them, " +
        "treating their traffic as the node's, and an iptables rule on the container CIDR cannot match them (they send from the node's address)";

    public static readonly Reference HostNetworkSource = new("Kubernetes docs", "Network policies: NetworkPolicy and hostNetwork pods",
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods");

    /// <summary>
    /// Namespaces whose Namespace object was scanned or that run a workload: a scan of a few RBAC
    /// objects or ConfigMaps says too little about a namespace to blame it for what it lacks.
    /// </summary>
    public static IEnumerable<NamespaceGroup> Of(Inventory inventory) =>
        inventory.Namespaces().Where(g => g.Namespace != null || g.Members.Any(m => m.Summary is WorkloadSummary));

    /// <summary>True when the namespace has a default-deny policy for a direction: empty pod selector, the policy type, no rules of it.</summary>
    public static bool HasDefaultDeny(NamespaceGroup ns, bool egress) => DefaultDeny(ns, egress) != null;

    /// <summary>The namespace's first default-deny policy for a direction, or null.</summary>
    public static InventoryEntry? DefaultDeny(NamespaceGroup ns, bool egress) =>
        ns.With<NetworkPolicySummary>().FirstOrDefault(p => p.Summary.PodSelector.IsEmpty &&
            (egress ? p.Summary.AffectsEgress && p.Summary.EgressRules == 0 : p.Summary.AffectsIngress && p.Summary.IngressRules == 0)).Entry;

    /// <summary>
    /// The namespace's workloads, each once: in a dump, a Deployment's ReplicaSet and Pods carry
    /// the same pod template, so a workload controlled by a scanned one is left to it.
    /// </summary>
    public static IEnumerable<(InventoryEntry Entry, WorkloadSummary Summary)> Workloads(NamespaceGroup ns) =>
        ns.With<WorkloadSummary>().Where(w =>
            w.Summary.ControllerKind == null || !ns.Members.Any(m => m.Kind == w.Summary.ControllerKind && m.Name == w.Summary.ControllerName));

    /// <summary>
    /// Findings at each hostNetwork workload of a namespace whose default-deny policy for the
    /// direction would otherwise read as protecting it.
    /// </summary>
    public static void ReportUnprotectedHostNetwork(Inventory inventory, InventoryContext context, bool egress)
    {
        var direction = egress ? "egress" : "ingress";
        foreach (var ns in Of(inventory))
        {
            if (DefaultDeny(ns, egress) is not { } policy) continue;
            foreach (var (workload, _) in Workloads(ns).Where(w => w.Summary.HostNetwork))
            {
                context.Report(workload, $"{workload.Kind} \"{workload.Name}\" uses the host network, so the default-deny {direction} NetworkPolicy \"{policy.Name}\" of {ns.Display} does not protect its pods: {HostNetworkReason}");
            }
        }
    }
}
