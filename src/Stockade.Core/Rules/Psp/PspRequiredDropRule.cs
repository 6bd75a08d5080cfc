using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>
/// A policy whose requiredDropCapabilities does not drop <paramref name="capability"/> (ALL counts
/// for any): containers it admits keep it unless they drop it themselves.
/// </summary>
internal abstract class PspRequiredDropRule(string capability) : PspPolicyRule
{
    protected override void Grade(PspPolicy policy, Engine.RuleContext context)
    {
        var drops = policy.RequiredDropCapabilities;
        if (Capabilities.ContainsOrAll(drops, capability)) return;
        var path = SpecPath(policy, "requiredDropCapabilities");
        var at = drops.Count > 0 ? drops[0].Position : policy.Position;
        var what = drops.Count > 0 ? "does not list" : "is not set, so it does not drop";
        context.Report(at, path, $"spec.requiredDropCapabilities {what} {capability}: containers admitted by the policy keep it");
    }
}
