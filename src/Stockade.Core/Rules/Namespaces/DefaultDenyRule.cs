using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>
/// A rule that every judged namespace has a default-deny NetworkPolicy for one direction
/// (podSelector {}, the direction among its policy types, no rules for it), and that no hostNetwork
/// workload counts on it, since a NetworkPolicy does not apply to host-network pods.
/// </summary>
internal abstract class DefaultDenyRule : InventoryRule
{
    /// <summary>True for egress, false for ingress.</summary>
    protected abstract bool Egress { get; }

    public sealed override void Check(Inventory inventory, InventoryContext context)
    {
        var (direction, policyType) = Egress ? ("egress", "Egress") : ("ingress", "Ingress");
        foreach (var ns in JudgedNamespaces.Of(inventory).Where(ns => !JudgedNamespaces.HasDefaultDeny(ns, Egress)))
        {
            context.Report(ns.Anchor, $"{ns.Display} has no default-deny {direction} NetworkPolicy (podSelector: {{}}, policyTypes [{policyType}], no {direction} rules) among the scanned objects");
        }
        JudgedNamespaces.ReportUnprotectedHostNetwork(inventory, context, Egress);
    }
}
