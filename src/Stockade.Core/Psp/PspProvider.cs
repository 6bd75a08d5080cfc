namespace Stockade.Psp;

/// <summary>
/// One policy applied to one pod, as the admission plugin's provider did it: <see cref="Mutate"/>
/// defaults a copy of the pod, <see cref="Validate"/> lists every field the policy refuses.
/// Both are pure.
/// </summary>
public static class PspProvider
{
    public static List<PspError> Validate(PspPolicy psp, PspPod pod)
    {
        var errors = new List<PspError>();
        PspPodGroups.Validate(psp, pod, errors);
        PspSeccomp.ValidatePod(psp, pod, errors);
        PspSeLinux.ValidatePod(psp, pod, errors);
        PspHostNamespaces.Validate(psp, pod, errors);
        PspSysctls.Validate(psp, pod, errors);
        PspVolumes.Validate(psp, pod, errors);
        PspRuntimeClass.Validate(psp, pod, errors);
        foreach (var c in pod.Containers)
        {
            PspRunAsUser.Validate(psp, pod, c, errors);
            PspPodGroups.ValidateRunAsGroup(psp, pod, c, errors);
            PspSeLinux.ValidateContainer(psp, pod, c, errors);
            PspAppArmor.Validate(psp, pod, c, errors);
            PspSeccomp.ValidateContainer(psp, pod, c, errors);
            PspCapabilityStrategy.Validate(psp, c, errors);
            PspHostPorts.Validate(psp, c, errors);
            PspContainerFlags.Validate(psp, c, errors);
        }
        return errors;
    }

    /// <summary>The pod after the policy's defaulting, and what changed (in MutatePod's order).</summary>
    public static (PspPod Pod, PspChanges Changes) Mutate(PspPolicy psp, PspPod original)
    {
        var pod = original.Clone();
        var changes = new PspChanges();
        PspPodGroups.Default(psp, pod, changes);
        PspSeLinux.Default(psp, pod, changes);
        PspSeccomp.Default(psp, pod, changes);
        PspRuntimeClass.Default(psp, pod, changes);
        foreach (var c in pod.Containers)
        {
            PspRunAsUser.DefaultUser(psp, pod, c, changes);
            PspPodGroups.DefaultRunAsGroup(psp, pod, c, changes);
            PspAppArmor.Default(psp, pod, c, changes);
            PspRunAsUser.DefaultNonRoot(psp, pod, c, changes);
            PspCapabilityStrategy.Default(psp, c, changes);
            PspContainerFlags.DefaultReadOnlyRoot(psp, c, changes);
            PspContainerFlags.DefaultPrivilegeEscalation(psp, c, changes);
        }
        return (pod, changes);
    }
}
