using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules.Custom;

/// <summary>A custom rule over whole objects: <c>object</c> is the matched object as written.</summary>
internal sealed class CustomObjectRule(CustomRuleDefinition definition) : ObjectRule
{
    public CustomRuleDefinition Definition { get; } = definition;

    public override RuleMetadata Metadata { get; } = CustomRuleMetadata.Of(definition);

    public override bool AppliesTo(KubeObject obj) => Definition.Match.Matches(obj);

    public override void Check(KubeObject obj, RuleContext context) =>
        CustomRuleCheck.Run(Definition, new Dictionary<string, object>(StringComparer.Ordinal) { ["object"] = CelTree.ValueOf(obj.Root) }, context, obj.Position, obj.PathPrefix);
}
