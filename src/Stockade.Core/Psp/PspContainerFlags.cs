using System.Text.Json.Nodes;

namespace Stockade.Psp;

/// <summary>
/// <c>privileged</c>, <c>allowedProcMountTypes</c>, <c>readOnlyRootFilesystem</c>,
/// <c>allowPrivilegeEscalation</c>/<c>defaultAllowPrivilegeEscalation</c> on each container.
/// </summary>
public static class PspContainerFlags
{
    public static void Validate(PspPolicy psp, PspContainer c, List<PspError> errors)
    {
        if (!psp.Privileged.Is(true) && c.Privileged is { Value: true } p)
        {
            errors.Add(PspError.Invalid("privileged", p.Path, p.Position, true, "Privileged containers are not allowed", c.Name));
        }

        var allowedProcMounts = psp.AllowedProcMountTypes.Count > 0 ? psp.AllowedProcMountTypes.Select(t => t.Value).ToList() : ["Default"];
        // An absent procMount is the empty string to the admission plugin, which "Default" does not match
        // only when the API server has not defaulted it; pods always reached PSP defaulted to Default.
        var procMount = c.ProcMount?.Value ?? "Default";
        if (!allowedProcMounts.Contains(procMount))
        {
            errors.Add(PspError.Invalid("allowedProcMountTypes", c.ProcMount?.Path ?? c.ScPath + ".procMount", c.ProcMount?.Position ?? c.ScPosition, procMount, "ProcMountType is not allowed", c.Name));
        }

        if (psp.ReadOnlyRootFilesystem.Is(true))
        {
            if (c.ReadOnlyRootFilesystem is not { } ro)
            {
                errors.Add(PspError.Invalid("readOnlyRootFilesystem", c.ScPath + ".readOnlyRootFilesystem", c.ScPosition, null, "ReadOnlyRootFilesystem may not be nil and must be set to true", c.Name));
            }
            else if (!ro.Value)
            {
                errors.Add(PspError.Invalid("readOnlyRootFilesystem", ro.Path, ro.Position, false, "ReadOnlyRootFilesystem must be set to true", c.Name));
            }
        }

        if (!psp.AllowsPrivilegeEscalation && c.AllowPrivilegeEscalation is not { Value: false })
        {
            var ape = c.AllowPrivilegeEscalation;
            errors.Add(PspError.Invalid("allowPrivilegeEscalation", ape?.Path ?? c.ScPath + ".allowPrivilegeEscalation", ape?.Position ?? c.ScPosition,
                ape is { } v ? v.Value : null, "Allowing privilege escalation for containers is not allowed", c.Name));
        }
    }

    public static void DefaultReadOnlyRoot(PspPolicy psp, PspContainer c, PspChanges changes)
    {
        if (!psp.ReadOnlyRootFilesystem.Is(true) || c.ReadOnlyRootFilesystem != null) return;
        c.ReadOnlyRootFilesystem = new Val<bool>(true, c.ScPosition, c.ScPath + ".readOnlyRootFilesystem");
        changes.Set(c.Pointer + "/securityContext/readOnlyRootFilesystem", JsonValue.Create(true), $"container \"{c.Name}\": readOnlyRootFilesystem=true");
    }

    /// <summary>defaultAllowPrivilegeEscalation when set, else false when the policy forbids escalation.</summary>
    public static void DefaultPrivilegeEscalation(PspPolicy psp, PspContainer c, PspChanges changes)
    {
        if (c.AllowPrivilegeEscalation != null) return;
        bool value;
        if (psp.DefaultAllowPrivilegeEscalation.IsSet) value = psp.DefaultAllowPrivilegeEscalation.Value;
        else if (!psp.AllowsPrivilegeEscalation) value = false;
        else return;
        c.AllowPrivilegeEscalation = new Val<bool>(value, c.ScPosition, c.ScPath + ".allowPrivilegeEscalation");
        changes.Set(c.Pointer + "/securityContext/allowPrivilegeEscalation", JsonValue.Create(value), $"container \"{c.Name}\": allowPrivilegeEscalation={(value ? "true" : "false")}");
    }
}
