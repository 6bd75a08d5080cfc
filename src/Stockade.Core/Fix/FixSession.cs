using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Fix;

/// <summary>
/// The pod being fixed: the current (immutable) model, replaced by a copy at each edit so later
/// edits see the earlier ones, and the edits as JSON pointer changes of the document.
/// </summary>
internal sealed class FixSession(PodSubject pod, FixTargets targets, FixOptions options)
{
    public PodSubject Pod { get; private set; } = pod;
    public FixTargets Targets { get; } = targets;
    public FixOptions Options { get; } = options;
    public List<FixChange> Changes { get; } = [];

    /// <summary>A container of the current model, by its kind and place.</summary>
    public ContainerModel Current(ContainerModel c) =>
        Pod.Spec.AllContainers.First(x => x.Kind == c.Kind && x.Index == c.Index);

    /// <summary>Replaces the model after an edit recorded by the caller.</summary>
    public void Replace(PodSubject pod) => Pod = pod;

    /// <summary>Writes <c>securityContext.KEY</c> of a container and updates the model with <paramref name="update"/>.</summary>
    public void SetContainer(ContainerModel c, string key, JsonNode value, string rule, Func<SecurityContextModel, SecurityContextModel> update)
    {
        Changes.Add(new FixChange(PspChanges.PointerOf(c.Path) + "/securityContext/" + key, value, rule, $"container \"{c.DisplayName}\": securityContext.{key.Replace('/', '.')}={Show(value)}", Container: c.DisplayName));
        Pod = Pod.WithContainer(Current(c).WithSecurityContext(update));
    }

    /// <summary>Writes the pod's <c>securityContext.KEY</c> and updates the model.</summary>
    public void SetPod(string key, JsonNode value, string rule, Func<SecurityContextModel, SecurityContextModel> update)
    {
        Changes.Add(new FixChange(PspChanges.PointerOf(Pod.Spec.Path) + "/securityContext/" + key, value, rule, $"pod: securityContext.{key}={Show(value)}"));
        Pod = Pod with { Spec = Pod.Spec.WithSecurityContext(update) };
    }

    /// <summary>Writes a field of the pod spec itself (or below it) and replaces the model's spec.</summary>
    public void SetSpec(string relativePointer, JsonNode value, string rule, string description, Func<PodSpecModel, PodSpecModel> update)
    {
        Changes.Add(new FixChange(PspChanges.PointerOf(Pod.Spec.Path) + relativePointer, value, rule, description));
        Pod = Pod with { Spec = update(Pod.Spec) };
    }

    /// <summary>Removes an annotation of the pod (template), e.g. a legacy one replaced by its field.</summary>
    public void RemoveAnnotation(string key, string rule)
    {
        Changes.Add(new FixChange(PspChanges.PointerOf(Pod.MetadataPath) + "/annotations/" + PspChanges.Segment(key), null, rule, $"pod: annotation {key} removed (replaced by its field)", Remove: true));
        Pod = Pod.WithoutAnnotation(key);
    }

    /// <summary>
    /// True when the pod-level value can be written: every container that would inherit it has a
    /// finding of its own to fix (so no exempted or passing container is changed by the edit).
    /// </summary>
    public bool PodLevelFits(Func<ContainerModel, bool> inherits, Func<ContainerModel, bool> targeted) =>
        Pod.Spec.AllContainers.Where(inherits).All(targeted);

    /// <summary>A new field of a security context, as the model reads a written one.</summary>
    public static Field<T> Written<T>(T value, SecurityContextModel sc, string key) => new(value, sc.Position, sc.Path, key);

    private static string Show(JsonNode value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
}
