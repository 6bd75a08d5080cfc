using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>The outcome of applying PodSecurityPolicy admission to one object.</summary>
/// <param name="Object">The object as read.</param>
/// <param name="Decision">Which policy admitted the pod and what it defaulted, or the refusals.</param>
/// <param name="Before">The object as written, as JSON.</param>
/// <param name="After">The object as admission would store it (with <c>kubernetes.io/psp</c>); equals Before when refused.</param>
internal sealed record PspMutation(KubeObject Object, PspDecision Decision, JsonNode Before, JsonNode After)
{
    /// <summary>The RFC 6902 patch from <see cref="Before"/> to <see cref="After"/>.</summary>
    public JsonArray Patch => PspJson.Diff(Before, After);
}

/// <summary>
/// Applies PodSecurityPolicy admission to objects with a pod: Pods, and the pod templates of
/// workloads (where the annotations land in the template's metadata). Pure: the input tree is not changed.
/// </summary>
internal static class PspMutator
{
    public static PspMutation? Apply(KubeObject obj, IReadOnlyList<PspPolicy> policies, PspAuthorizer? authorizer = null)
    {
        var subject = WorkloadLocator.Locate(obj);
        if (subject == null || obj.Decode.HasErrors) return null;
        return Apply(subject, policies, authorizer);
    }

    /// <summary>The mutation of a pod already located (and decoded without errors) by a host that read it once.</summary>
    public static PspMutation Apply(PodSubject subject, IReadOnlyList<PspPolicy> policies, PspAuthorizer? authorizer = null)
    {
        var obj = subject.Object;
        var decision = PspAdmission.Admit(policies, subject, authorizer);
        var before = TreeJson.From(obj.Root)!;
        var after = before.DeepClone();
        // A List item's pointers start with /items/N; the output is the item alone.
        var prefix = obj.PathPrefix.Length == 0 ? "" : PspChanges.PointerOf(obj.PathPrefix);
        if (decision.Admitted)
        {
            foreach (var change in decision.Changes.All) PspJson.Set(after, change.Pointer[prefix.Length..], change.Value);
            PspJson.Set(after, $"{PspChanges.PointerOf(subject.MetadataPath)[prefix.Length..]}/annotations/{PspChanges.Segment(PspAnnotations.ValidatedPolicy)}", decision.Policy!.Name);
        }
        return new PspMutation(obj, decision, before, after);
    }
}
