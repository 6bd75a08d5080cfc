using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>Requests or limits, the two lists of a container's <c>resources</c>.</summary>
internal enum ResourceList
{
    Requests,
    Limits,
}

/// <summary>
/// The check shared by the four requests/limits rules: every container and init container must
/// declare the resource. Ephemeral containers are left out: the API forbids resources on them.
/// A value a LimitRange of the bundle defaults is still reported, suppressed with the LimitRange
/// as its reason: the API server's LimitRanger sets it when the pods are created.
/// </summary>
internal static class MissingResource
{
    /// <summary>What the four rules' documentation says about LimitRange defaults.</summary>
    public const string LimitRangeNote =
        " When a LimitRange of type Container among the scanned objects defaults the value for the pod's namespace " +
        "(default, else max, for limits; defaultRequest, else the default limit, else min, for requests), the " +
        "API server's LimitRanger admission plugin writes it into every container that lacks it when the pods are " +
        "created (mergeContainerResources in plugin/pkg/admission/limitranger/admission.go): the pod will have the " +
        "value, so the finding is reported suppressed, with the LimitRange and the value as the reason, and does not " +
        "fail the scan. Static pods are not defaulted (the kubelet runs them without admission).";

    public static readonly Reference LimitRangerSource = new("Kubernetes source", "plugin/pkg/admission/limitranger/admission.go: defaultContainerResourceRequirements, mergeContainerResources",
        "https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/limitranger/admission.go");

    /// <summary>The references of the four rules.</summary>
    public static readonly IReadOnlyList<Reference> References =
    [
        new("NSA", "Kubernetes Hardening Guide: Resource policies (requests and limits)"),
        new("Kubernetes docs", "Resource Management for Pods and Containers", "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
        LimitRangerSource,
    ];

    public static void Check(PodSubject pod, RuleContext context, string resource, ResourceList list)
    {
        CheckEach(pod, pod.Spec.InitContainers, context, resource, list);
        CheckEach(pod, pod.Spec.Containers, context, resource, list);
    }

    private static void CheckEach(PodSubject pod, IReadOnlyList<ContainerModel> containers, RuleContext context, string resource, ResourceList list)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var resources = container.Resources;
            var limit = resources?.Limits?[resource] ?? default;
            // The API server defaults a missing request to the limit, so a limit also sets the request.
            var declared = list == ResourceList.Limits ? limit.IsSet : limit.IsSet || (resources?.Requests?[resource] ?? default).IsSet;
            if (declared) continue;

            var key = list == ResourceList.Limits ? "limits" : "requests";
            var mapping = list == ResourceList.Limits ? resources?.Limits : resources?.Requests;
            var position = mapping?.Position ?? resources?.Position ?? container.Position;
            var path = FieldPaths.Join(FieldPaths.Join(FieldPaths.Join(container.Path, "resources"), key), resource);
            var what = list == ResourceList.Limits ? "limit" : "request";
            var message = $"container \"{container.DisplayName}\" has no {resource} {what} (resources.{key}.{resource} is not set)";
            // Static pods are not defaulted: the kubelet runs them without admission.
            if (StaticPods.IsStatic(pod, context.Origin)) context.Report(position, path, message, container);
            else context.ReportDepending(new DefaultDependency(BundleFacts.NamespaceKey(pod.Object.Namespace), resource, list), position, path, message, container);
        }
    }

    /// <summary>A finding of <see cref="Check"/>, given the bundle: suppressed when a LimitRange of the namespace defaults the value.</summary>
    public static Finding Settle(Finding draft, BundleDependency dependency, BundleFacts? bundle)
    {
        var (ns, resource, list) = (DefaultDependency)dependency;
        if (bundle?.ContainerDefault(ns, resource, list == ResourceList.Limits) is not { } d) return draft;
        var key = list == ResourceList.Limits ? "limits" : "requests";
        return (draft with
        {
            Message = $"{draft.Message}; the API server's LimitRanger will set it to {d.Value} from LimitRange \"{d.Range.Name}\" ({d.Range.File}:{d.Range.Line}) when the pods are created",
        }).DefaultedAtAdmission($"defaulted at admission: LimitRange \"{d.Range.Name}\" sets {key}.{resource}={d.Value} for containers without one");
    }

    /// <summary>The container default a LimitRange of the pod's namespace may set: namespace key, resource, and which list.</summary>
    private sealed record DefaultDependency(string Namespace, string Resource, ResourceList List) : BundleDependency
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write(Namespace);
            writer.Write(Resource);
            writer.Write((int)List);
        }
    }

    /// <summary>Reads back a dependency of <see cref="Check"/> written for a spilled finding.</summary>
    public static BundleDependency ReadDependency(BinaryReader reader) =>
        new DefaultDependency(reader.ReadString(), reader.ReadString(), (ResourceList)reader.ReadInt32());
}

/// <summary>
/// One of the four requests/limits rules: its metadata is its own, the check, the settling of its
/// findings against the bundle's LimitRanges and how they are read back are <see cref="MissingResource"/>'s.
/// </summary>
internal abstract class MissingResourceRule(string resource, ResourceList list) : PodRule
{
    public sealed override Finding? Settle(Finding draft, BundleDependency dependency, BundleFacts? bundle) =>
        MissingResource.Settle(draft, dependency, bundle);

    public sealed override BundleDependency ReadDependency(BinaryReader reader) => MissingResource.ReadDependency(reader);

    public sealed override void Check(PodSubject pod, RuleContext context) => MissingResource.Check(pod, context, resource, list);
}
