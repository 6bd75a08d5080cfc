using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>
/// A policy whose requiredDropCapabilities does not drop <paramref name="capability"/> (ALL counts
/// for any): containers it admits keep it unless they drop it themselves. The plugin copies the
/// list into each container's capabilities.drop as written, so it counts only in the spelling
/// every runtime drops (<see cref="Capabilities.DroppedName"/>).
/// </summary>
internal abstract class PspRequiredDropRule(string capability) : PspPolicyRule
{
    protected override void Grade(PspPolicy policy, Engine.RuleContext context)
    {
        var drops = policy.RequiredDropCapabilities;
        if (Capabilities.DropsOrAll(drops, capability)) return;
        var path = SpecPath(policy, "requiredDropCapabilities");
        var at = drops.Count > 0 ? drops[0].Position : policy.Position;
        var what = drops.Count > 0 ? "does not list" : "is not set, so it does not drop";
        var hint = Capabilities.DropHint(drops, capability, "ALL").Replace("capabilities.drop", "spec.requiredDropCapabilities", StringComparison.Ordinal);
        context.Report(at, path, $"spec.requiredDropCapabilities {what} {capability}: containers admitted by the policy keep it{hint}");
    }
}
