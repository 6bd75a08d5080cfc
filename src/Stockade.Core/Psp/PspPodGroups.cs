using System.Text.Json.Nodes;

namespace Stockade.Psp;

/// <summary><c>fsGroup</c> and <c>supplementalGroups</c> (pod level) and <c>runAsGroup</c> (effective, per container).</summary>
public static class PspPodGroups
{
    public static void Validate(PspPolicy psp, PspPod pod, List<PspError> errors)
    {
        var fsGroups = pod.FsGroup is { } f ? new List<long> { f.Value } : [];
        PspGroupStrategy.Validate(psp.FsGroup, "fsGroup", pod.FsGroup?.Path ?? pod.ScPath + ".fsGroup", pod.FsGroup?.Position ?? pod.ScPosition, fsGroups, errors);
        var supplemental = pod.SupplementalGroups?.Select(g => g.Value).ToList() ?? [];
        var first = pod.SupplementalGroups is { Count: > 0 } list ? list[0].Position : pod.ScPosition;
        PspGroupStrategy.Validate(psp.SupplementalGroups, "supplementalGroups", pod.ScPath + ".supplementalGroups", first, supplemental, errors);
    }

    public static void ValidateRunAsGroup(PspPolicy psp, PspPod pod, PspContainer c, List<PspError> errors)
    {
        var g = pod.EffectiveRunAsGroup(c);
        // Upstream reports runAsGroup errors at the securityContext path itself.
        PspGroupStrategy.Validate(psp.RunAsGroup, "runAsGroup", c.ScPath, g?.Position ?? c.ScPosition, g is { } v ? [v.Value] : [], errors, c.Name);
    }

    public static void Default(PspPolicy psp, PspPod pod, PspChanges changes)
    {
        var sc = pod.SpecPointer + "/securityContext";
        if (pod.SupplementalGroups == null && PspGroupStrategy.Generate(psp.SupplementalGroups) is { } sg)
        {
            pod.SupplementalGroups = [new Val<long>(sg, pod.ScPosition, pod.ScPath + ".supplementalGroups[0]")];
            changes.Set(sc + "/supplementalGroups", new JsonArray(JsonValue.Create(sg)), $"supplementalGroups=[{sg}] (supplementalGroups MustRunAs)");
        }
        if (pod.FsGroup == null && PspGroupStrategy.Generate(psp.FsGroup) is { } fg)
        {
            pod.FsGroup = new Val<long>(fg, pod.ScPosition, pod.ScPath + ".fsGroup");
            changes.Set(sc + "/fsGroup", JsonValue.Create(fg), $"fsGroup={fg} (fsGroup MustRunAs)");
        }
    }

    public static void DefaultRunAsGroup(PspPolicy psp, PspPod pod, PspContainer c, PspChanges changes)
    {
        if (pod.EffectiveRunAsGroup(c) != null || PspGroupStrategy.Generate(psp.RunAsGroup) is not { } gid) return;
        c.RunAsGroup = new Val<long>(gid, c.ScPosition, c.ScPath + ".runAsGroup");
        changes.Set(c.Pointer + "/securityContext/runAsGroup", JsonValue.Create(gid), $"container \"{c.Name}\": runAsGroup={gid} (runAsGroup MustRunAs)");
    }
}
