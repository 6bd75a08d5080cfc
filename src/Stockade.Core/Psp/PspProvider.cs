using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// One policy applied to one pod, as the admission plugin's provider did it: <see cref="Mutate"/>
/// defaults the pod (a new pod model; the one given stays as read), <see cref="Validate"/> lists
/// every field the policy refuses. Both are pure.
/// </summary>
internal static class PspProvider
{
    public static List<PspError> Validate(PspPolicy psp, PodSubject pod)
    {
        var errors = new List<PspError>();
        PspPodGroups.Validate(psp, pod, errors);
        PspSeccomp.ValidatePod(psp, pod, errors);
        PspSeLinux.ValidatePod(psp, pod, errors);
        PspHostNamespaces.Validate(psp, pod, errors);
        PspSysctls.Validate(psp, pod, errors);
        PspVolumes.Validate(psp, pod, errors);
        PspRuntimeClass.Validate(psp, pod, errors);
        foreach (var c in pod.Spec.AllContainers)
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
    public static (PodSubject Pod, PspChanges Changes) Mutate(PspPolicy psp, PodSubject pod)
    {
        var changes = new PspChanges();
        pod = PspPodGroups.Default(psp, pod, changes);
        pod = PspSeLinux.Default(psp, pod, changes);
        pod = PspSeccomp.Default(psp, pod, changes);
        pod = PspRuntimeClass.Default(psp, pod, changes);
        // Each step reads the container as the steps before it left it (same kind and index, new model).
        for (var i = 0; i < pod.Spec.AllContainers.Count; i++)
        {
            pod = PspRunAsUser.DefaultUser(psp, pod, pod.Spec.AllContainers[i], changes);
            pod = PspPodGroups.DefaultRunAsGroup(psp, pod, pod.Spec.AllContainers[i], changes);
            pod = PspAppArmor.Default(psp, pod, pod.Spec.AllContainers[i], changes);
            pod = PspRunAsUser.DefaultNonRoot(psp, pod, pod.Spec.AllContainers[i], changes);
            var c = pod.Spec.AllContainers[i];
            c = PspCapabilityStrategy.Default(psp, c, changes);
            c = PspContainerFlags.DefaultReadOnlyRoot(psp, c, changes);
            c = PspContainerFlags.DefaultPrivilegeEscalation(psp, c, changes);
            if (!ReferenceEquals(c, pod.Spec.AllContainers[i])) pod = pod.WithContainer(c);
        }
        return (pod, changes);
    }
}
