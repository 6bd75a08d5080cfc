using System.Text.Json.Nodes;

namespace Stockade.Psp;

/// <summary>
/// <c>runAsUser</c>: <c>MustRunAs</c> (UID in a range; defaults to the first range's min),
/// <c>MustRunAsNonRoot</c> (runAsNonRoot true or a non-zero UID; defaults runAsNonRoot to true),
/// <c>RunAsAny</c>. Read on the effective security context (container, else pod).
/// </summary>
public static class PspRunAsUser
{
    public static void Validate(PspPolicy psp, PspPod pod, PspContainer c, List<PspError> errors)
    {
        var user = pod.EffectiveRunAsUser(c);
        var nonRoot = pod.EffectiveRunAsNonRoot(c);
        switch (psp.RunAsUser.RuleName)
        {
            case "MustRunAs":
                if (user is not { } u)
                {
                    errors.Add(PspError.Required("runAsUser", c.ScPath + ".runAsUser", c.ScPosition, "", c.Name));
                }
                else if (!psp.RunAsUser.InRanges(u.Value))
                {
                    errors.Add(PspError.Invalid("runAsUser", u.Path, u.Position, u.Value, $"must be in the ranges: {psp.RunAsUser.RangesText}", c.Name));
                }
                break;
            case "MustRunAsNonRoot":
                if (nonRoot == null && user == null)
                {
                    errors.Add(PspError.Required("runAsUser", c.ScPath + ".runAsNonRoot", c.ScPosition, "must be true", c.Name));
                }
                else if (nonRoot is { Value: false } n)
                {
                    errors.Add(PspError.Invalid("runAsUser", n.Path, n.Position, false, "must be true", c.Name));
                }
                else if (user is { Value: 0 } root)
                {
                    errors.Add(PspError.Invalid("runAsUser", root.Path, root.Position, 0L, "running with the root UID is forbidden", c.Name));
                }
                break;
        }
    }

    public static void DefaultUser(PspPolicy psp, PspPod pod, PspContainer c, PspChanges changes)
    {
        if (pod.EffectiveRunAsUser(c) != null || psp.RunAsUser.RuleName != "MustRunAs" || psp.RunAsUser.Ranges.Count == 0) return;
        var uid = psp.RunAsUser.Ranges[0].Min;
        c.RunAsUser = new Val<long>(uid, c.ScPosition, c.ScPath + ".runAsUser");
        changes.Set(c.Pointer + "/securityContext/runAsUser", JsonValue.Create(uid), $"container \"{c.Name}\": runAsUser={uid} (runAsUser MustRunAs)");
    }

    /// <summary>MustRunAsNonRoot marks a container with neither runAsNonRoot nor runAsUser as runAsNonRoot: true.</summary>
    public static void DefaultNonRoot(PspPolicy psp, PspPod pod, PspContainer c, PspChanges changes)
    {
        if (psp.RunAsUser.RuleName != "MustRunAsNonRoot" || pod.EffectiveRunAsNonRoot(c) != null || pod.EffectiveRunAsUser(c) != null) return;
        c.RunAsNonRoot = new Val<bool>(true, c.ScPosition, c.ScPath + ".runAsNonRoot");
        changes.Set(c.Pointer + "/securityContext/runAsNonRoot", JsonValue.Create(true), $"container \"{c.Name}\": runAsNonRoot=true (runAsUser MustRunAsNonRoot)");
    }
}
