using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Rules;

/// <summary>Privilege, capability, host-namespace and host-path rules.</summary>
public static class PrivilegeRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new PrivilegedContainer(),
    ];
}
