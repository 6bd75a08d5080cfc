using System.Text.Json.Nodes;
using Stockade.Cel.Values;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Rules.Custom;

/// <summary>
/// A custom rule over pods: a Pod, and the pod template of every workload kind the engine finds
/// one in (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
/// PodTemplate, and custom resources with a template), each seen as a Pod — <c>object.metadata</c>
/// is the template's metadata, <c>object.spec</c> its pod spec — so a rule written once for Pods
/// judges every controller's template. <c>workload</c> is the whole object.
/// </summary>
internal sealed class CustomPodRule(CustomRuleDefinition definition) : PodRule
{
    public CustomRuleDefinition Definition { get; } = definition;

    public override RuleMetadata Metadata { get; } = CustomRuleMetadata.Of(definition);

    public override void Check(PodSubject pod, RuleContext context)
    {
        var obj = pod.Object;
        if (!Definition.Match.Matches(obj)) return;
        if (pod.SpecNode is not { } spec || pod.TemplateNode is not { } template)
        {
            // Every pod the scanner hands over comes from the locator, which sets these; a pod without them would be judged on nothing.
            context.Report(obj.Position, obj.PathPrefix, "internal error: the pod template of this object was not found; please report it");
            return;
        }
        var workload = CelTree.ValueOf(obj.Root);
        var isPod = ReferenceEquals(template, obj.Root);
        var variables = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["object"] = isPod ? workload : AsPod(pod.MetadataNode, spec),
            ["workload"] = workload,
        };
        var path = isPod || !pod.MetadataPath.EndsWith(".metadata", StringComparison.Ordinal) ? obj.PathPrefix : pod.MetadataPath[..^".metadata".Length];
        CustomRuleCheck.Run(Definition, variables, context, template.Position, path);
    }

    // The template as a Pod, made once per template however many custom rules read it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<YMapping, object> Pods = new();

    private static object AsPod(YMapping? metadata, YMapping spec) => Pods.GetValue(spec, _ => CelJson.FromNode(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = metadata != null ? TreeJson.From(metadata) : new JsonObject(),
        ["spec"] = TreeJson.From(spec),
    }));
}
