using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Rules;

/// <summary>Identity, confinement, resources, service-account, image and scheduling rules.</summary>
public static class IdentityRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
    ];
}
