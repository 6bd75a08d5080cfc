using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// <c>runAsUser</c>: <c>MustRunAs</c> (UID in a range; defaults to the first range's min),
/// <c>MustRunAsNonRoot</c> (runAsNonRoot true or a non-zero UID; defaults runAsNonRoot to true),
/// <c>RunAsAny</c>. Read on the effective security context (container, else pod).
/// </summary>
internal static class PspRunAsUser
{
    public static void Validate(PspPolicy psp, PodSubject pod, ContainerModel c, List<PspError> errors)
    {
        var e = pod.Effective(c);
        var user = e.RunAsUser;
        var nonRoot = e.RunAsNonRoot;
        switch (psp.RunAsUser.RuleName)
        {
            case "MustRunAs":
                if (!user.IsSet)
                {
                    errors.Add(PspError.Required("runAsUser", e.ContainerSecurityContextPath + ".runAsUser", e.AbsentPosition, "", c.PspName()));
                }
                else if (!psp.RunAsUser.InRanges(user.Value))
                {
                    errors.Add(PspError.Invalid("runAsUser", user.Path, user.Position, user.Value, $"must be in the ranges: {psp.RunAsUser.RangesText}", c.PspName()));
                }
                break;
            case "MustRunAsNonRoot":
                if (!nonRoot.IsSet && !user.IsSet)
                {
                    errors.Add(PspError.Required("runAsUser", e.ContainerSecurityContextPath + ".runAsNonRoot", e.AbsentPosition, "must be true", c.PspName()));
                }
                else if (nonRoot.Is(false))
                {
                    errors.Add(PspError.Invalid("runAsUser", nonRoot.Path, nonRoot.Position, false, "must be true", c.PspName()));
                }
                else if (user.Is(0))
                {
                    errors.Add(PspError.Invalid("runAsUser", user.Path, user.Position, 0L, "running with the root UID is forbidden", c.PspName()));
                }
                break;
        }
    }

    public static PodSubject DefaultUser(PspPolicy psp, PodSubject pod, ContainerModel c, PspChanges changes)
    {
        if (pod.Effective(c).RunAsUser.IsSet || psp.RunAsUser.RuleName != "MustRunAs" || psp.RunAsUser.Ranges.Count == 0) return pod;
        var uid = psp.RunAsUser.Ranges[0].Min;
        changes.Set(PspChanges.PointerOf(c.Path) + "/securityContext/runAsUser", JsonValue.Create(uid), $"container \"{c.PspName()}\": runAsUser={uid} (runAsUser MustRunAs)");
        return pod.WithContainer(c.WithSecurityContext(sc => sc with { RunAsUser = PspPodFields.Defaulted(uid, sc.Position, sc.Path, "runAsUser") }));
    }

    /// <summary>MustRunAsNonRoot marks a container with neither runAsNonRoot nor runAsUser as runAsNonRoot: true.</summary>
    public static PodSubject DefaultNonRoot(PspPolicy psp, PodSubject pod, ContainerModel c, PspChanges changes)
    {
        var e = pod.Effective(c);
        if (psp.RunAsUser.RuleName != "MustRunAsNonRoot" || e.RunAsNonRoot.IsSet || e.RunAsUser.IsSet) return pod;
        changes.Set(PspChanges.PointerOf(c.Path) + "/securityContext/runAsNonRoot", JsonValue.Create(true), $"container \"{c.PspName()}\": runAsNonRoot=true (runAsUser MustRunAsNonRoot)");
        return pod.WithContainer(c.WithSecurityContext(sc => sc with { RunAsNonRoot = PspPodFields.Defaulted(true, sc.Position, sc.Path, "runAsNonRoot") }));
    }
}
