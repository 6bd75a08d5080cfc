using Stockade.Engine;
using Stockade.Rules.Namespaces;

namespace Stockade.Rules;

/// <summary>Rules on namespaces as a whole, judged over everything scanned together.</summary>
internal static class NamespaceRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new NamespaceDefaultDenyIngress(),
        new NamespaceDefaultDenyEgress(),
        new NamespaceResourceQuota(),
        new NamespaceLimitRange(),
        new NamespacePodSecurityEnforce(),
        new WorkloadApiServerEgress(),
        new ServiceAccountAutomount(),
    ];
}
