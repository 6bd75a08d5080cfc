using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary><c>fsGroup</c> and <c>supplementalGroups</c> (pod level) and <c>runAsGroup</c> (effective, per container).</summary>
internal static class PspPodGroups
{
    public static void Validate(PspPolicy psp, PodSubject pod, List<PspError> errors)
    {
        var spec = pod.Spec;
        var fsGroup = spec.SecurityContext?.FsGroup ?? default;
        PspGroupStrategy.Validate(psp.FsGroup, "fsGroup", fsGroup.IsSet ? fsGroup.Path : spec.ScPath() + ".fsGroup", fsGroup.IsSet ? fsGroup.Position : spec.ScPosition(),
            fsGroup.IsSet ? [fsGroup.Value] : [], errors);
        var groups = spec.SecurityContext?.SupplementalGroups ?? [];
        var first = groups.Count > 0 ? groups[0].Position : spec.ScPosition();
        PspGroupStrategy.Validate(psp.SupplementalGroups, "supplementalGroups", spec.ScPath() + ".supplementalGroups", first, [.. groups.Select(g => g.Value)], errors);
    }

    public static void ValidateRunAsGroup(PspPolicy psp, PodSubject pod, ContainerModel c, List<PspError> errors)
    {
        var e = pod.Effective(c);
        var g = e.RunAsGroup;
        // Upstream reports runAsGroup errors at the securityContext path itself.
        PspGroupStrategy.Validate(psp.RunAsGroup, "runAsGroup", e.ContainerSecurityContextPath, g.IsSet ? g.Position : e.AbsentPosition, g.IsSet ? [g.Value] : [], errors, c.PspName());
    }

    public static PodSubject Default(PspPolicy psp, PodSubject pod, PspChanges changes)
    {
        var sc = PspChanges.PointerOf(pod.Spec.Path) + "/securityContext";
        if (pod.Spec.SecurityContext is not { SupplementalGroups.Count: > 0 } && PspGroupStrategy.Generate(psp.SupplementalGroups) is { } sg)
        {
            pod = pod with { Spec = pod.Spec.WithSecurityContext(s => s with { SupplementalGroups = [PspPodFields.Defaulted(sg, s.Position, s.Path + ".supplementalGroups", "[0]")] }) };
            changes.Set(sc + "/supplementalGroups", new JsonArray(JsonValue.Create(sg)), $"supplementalGroups=[{sg}] (supplementalGroups MustRunAs)");
        }
        if (pod.Spec.SecurityContext is not { FsGroup.IsSet: true } && PspGroupStrategy.Generate(psp.FsGroup) is { } fg)
        {
            pod = pod with { Spec = pod.Spec.WithSecurityContext(s => s with { FsGroup = PspPodFields.Defaulted(fg, s.Position, s.Path, "fsGroup") }) };
            changes.Set(sc + "/fsGroup", JsonValue.Create(fg), $"fsGroup={fg} (fsGroup MustRunAs)");
        }
        return pod;
    }

    public static PodSubject DefaultRunAsGroup(PspPolicy psp, PodSubject pod, ContainerModel c, PspChanges changes)
    {
        if (pod.Effective(c).RunAsGroup.IsSet || PspGroupStrategy.Generate(psp.RunAsGroup) is not { } gid) return pod;
        changes.Set(PspChanges.PointerOf(c.Path) + "/securityContext/runAsGroup", JsonValue.Create(gid), $"container \"{c.PspName()}\": runAsGroup={gid} (runAsGroup MustRunAs)");
        return pod.WithContainer(c.WithSecurityContext(sc => sc with { RunAsGroup = PspPodFields.Defaulted(gid, sc.Position, sc.Path, "runAsGroup") }));
    }
}
