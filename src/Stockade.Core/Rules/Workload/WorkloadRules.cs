using Stockade.Engine;

namespace Stockade.Rules;

/// <summary>The hardened workload rules, in catalogue order.</summary>
internal static class WorkloadRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        .. PrivilegeRules.All,
        .. IdentityRules.All,
        .. ConfigurationRules.All,
    ];
}
