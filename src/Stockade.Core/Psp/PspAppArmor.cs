using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// AppArmor, from the policy's <c>apparmor.security.beta.kubernetes.io/allowedProfileNames</c> and
/// <c>defaultProfileName</c> annotations. A container's profile is its
/// <c>container.apparmor.security.beta.kubernetes.io/NAME</c> annotation, else (Stockade extension,
/// for manifests written for Kubernetes 1.30+) its <c>appArmorProfile</c> field, else the pod's.
/// Without the allowed annotation anything passes; with it, a container needs a listed profile.
/// </summary>
internal static class PspAppArmor
{
    public static string? ContainerProfile(PodSubject pod, ContainerModel c) =>
        pod.Annotation(PspAnnotations.AppArmorContainerPrefix + c.PspName()) is { Length: > 0 } a ? a : Field(pod, c) is { IsSet: true } f ? f.Value : null;

    /// <summary>The container's appArmorProfile field, else the pod's, in annotation form.</summary>
    private static Field<string> Field(PodSubject pod, ContainerModel c) =>
        PspPodFields.AsAnnotation(c.SecurityContext?.AppArmorProfile) is { IsSet: true } own ? own : PspPodFields.AsAnnotation(pod.Spec.SecurityContext?.AppArmorProfile);

    public static void Validate(PspPolicy psp, PodSubject pod, ContainerModel c, List<PspError> errors)
    {
        if (!psp.Annotations.TryGetValue(PspAnnotations.AppArmorAllowed, out var allowedField)) return;
        var allowed = allowedField.Value.Length == 0 ? [] : allowedField.Value.Split(',');
        var key = PspAnnotations.AppArmorContainerPrefix + c.PspName();
        var (at, path) = pod.PodAnnotations.TryGetValue(key, out var a) ? (a.Position, a.Path)
            : Field(pod, c) is { IsSet: true } f ? (f.Position, f.Path) : (c.Position, $"{pod.MetadataPath}.annotations[{key}]");
        var profile = ContainerProfile(pod, c) ?? "";
        if (profile.Length == 0)
        {
            if (allowed.Length > 0) errors.Add(PspError.Forbidden("apparmor", path, at, "AppArmor profile must be set", c.PspName()));
            return;
        }
        if (!allowed.Contains(profile, StringComparer.Ordinal))
        {
            errors.Add(PspError.Forbidden("apparmor", path, at, $"{profile} is not an allowed profile. Allowed values: \"{allowedField.Value}\"", c.PspName()));
        }
    }

    public static PodSubject Default(PspPolicy psp, PodSubject pod, ContainerModel c, PspChanges changes)
    {
        if (ContainerProfile(pod, c) is { Length: > 0 }) return pod;
        if (!psp.Annotations.TryGetValue(PspAnnotations.AppArmorDefault, out var d) || d.Value.Length == 0) return pod;
        var key = PspAnnotations.AppArmorContainerPrefix + c.PspName();
        changes.Set($"{PspChanges.PointerOf(pod.MetadataPath)}/annotations/{PspChanges.Segment(key)}", d.Value, $"container \"{c.PspName()}\": AppArmor profile {d.Value} (defaultProfileName)");
        return pod.WithAnnotation(key, d.Value);
    }
}
