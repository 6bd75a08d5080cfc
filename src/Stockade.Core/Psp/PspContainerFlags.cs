using System.Text.Json.Nodes;
using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// <c>privileged</c>, <c>allowedProcMountTypes</c>, <c>readOnlyRootFilesystem</c>,
/// <c>allowPrivilegeEscalation</c>/<c>defaultAllowPrivilegeEscalation</c> on each container.
/// </summary>
internal static class PspContainerFlags
{
    public static void Validate(PspPolicy psp, ContainerModel c, List<PspError> errors)
    {
        var sc = c.SecurityContext ?? SecurityContextModel.Absent(c.Path, c.Position);
        if (!psp.Privileged.Is(true) && sc.Privileged.Is(true))
        {
            errors.Add(PspError.Invalid("privileged", sc.Privileged.Path, sc.Privileged.Position, true, "Privileged containers are not allowed", c.PspName()));
        }

        var allowedProcMounts = psp.AllowedProcMountTypes.Count > 0 ? psp.AllowedProcMountTypes.Select(t => t.Value).ToList() : ["Default"];
        // An absent procMount is the empty string to the admission plugin, which "Default" does not match
        // only when the API server has not defaulted it; pods always reached PSP defaulted to Default.
        var procMount = sc.ProcMount.IsSet ? sc.ProcMount.Value : "Default";
        if (!allowedProcMounts.Contains(procMount))
        {
            errors.Add(PspError.Invalid("allowedProcMountTypes", sc.ProcMount.IsSet ? sc.ProcMount.Path : sc.Path + ".procMount", sc.ProcMount.IsSet ? sc.ProcMount.Position : sc.Position,
                procMount, "ProcMountType is not allowed", c.PspName()));
        }

        if (psp.ReadOnlyRootFilesystem.Is(true))
        {
            var ro = sc.ReadOnlyRootFilesystem;
            if (!ro.IsSet)
            {
                errors.Add(PspError.Invalid("readOnlyRootFilesystem", sc.Path + ".readOnlyRootFilesystem", sc.Position, null, "ReadOnlyRootFilesystem may not be nil and must be set to true", c.PspName()));
            }
            else if (!ro.Value)
            {
                errors.Add(PspError.Invalid("readOnlyRootFilesystem", ro.Path, ro.Position, false, "ReadOnlyRootFilesystem must be set to true", c.PspName()));
            }
        }

        var ape = sc.AllowPrivilegeEscalation;
        if (!psp.AllowsPrivilegeEscalation && !ape.Is(false))
        {
            errors.Add(PspError.Invalid("allowPrivilegeEscalation", ape.IsSet ? ape.Path : sc.Path + ".allowPrivilegeEscalation", ape.IsSet ? ape.Position : sc.Position,
                ape.IsSet ? ape.Value : null, "Allowing privilege escalation for containers is not allowed", c.PspName()));
        }
    }

    public static ContainerModel DefaultReadOnlyRoot(PspPolicy psp, ContainerModel c, PspChanges changes)
    {
        if (!psp.ReadOnlyRootFilesystem.Is(true) || c.SecurityContext is { ReadOnlyRootFilesystem.IsSet: true }) return c;
        changes.Set(PspChanges.PointerOf(c.Path) + "/securityContext/readOnlyRootFilesystem", JsonValue.Create(true), $"container \"{c.PspName()}\": readOnlyRootFilesystem=true");
        return c.WithSecurityContext(sc => sc with { ReadOnlyRootFilesystem = PspPodFields.Defaulted(true, sc.Position, sc.Path, "readOnlyRootFilesystem") });
    }

    /// <summary>defaultAllowPrivilegeEscalation when set, else false when the policy forbids escalation.</summary>
    public static ContainerModel DefaultPrivilegeEscalation(PspPolicy psp, ContainerModel c, PspChanges changes)
    {
        if (c.SecurityContext is { AllowPrivilegeEscalation.IsSet: true }) return c;
        bool value;
        if (psp.DefaultAllowPrivilegeEscalation.IsSet) value = psp.DefaultAllowPrivilegeEscalation.Value;
        else if (!psp.AllowsPrivilegeEscalation) value = false;
        else return c;
        changes.Set(PspChanges.PointerOf(c.Path) + "/securityContext/allowPrivilegeEscalation", JsonValue.Create(value), $"container \"{c.PspName()}\": allowPrivilegeEscalation={(value ? "true" : "false")}");
        return c.WithSecurityContext(sc => sc with { AllowPrivilegeEscalation = PspPodFields.Defaulted(value, sc.Position, sc.Path, "allowPrivilegeEscalation") });
    }
}
