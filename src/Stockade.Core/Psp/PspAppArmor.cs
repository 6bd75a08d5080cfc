namespace Stockade.Psp;

/// <summary>
/// AppArmor, from the policy's <c>apparmor.security.beta.kubernetes.io/allowedProfileNames</c> and
/// <c>defaultProfileName</c> annotations. A container's profile is its
/// <c>container.apparmor.security.beta.kubernetes.io/NAME</c> annotation, else (Stockade extension,
/// for manifests written for Kubernetes 1.30+) its <c>appArmorProfile</c> field, else the pod's.
/// Without the allowed annotation anything passes; with it, a container needs a listed profile.
/// </summary>
public static class PspAppArmor
{
    public static string? ContainerProfile(PspPod pod, PspContainer c) =>
        pod.Annotation(PspAnnotations.AppArmorContainerPrefix + c.Name) is { Length: > 0 } a ? a : (c.AppArmorField ?? pod.AppArmorField)?.Value;

    public static void Validate(PspPolicy psp, PspPod pod, PspContainer c, List<PspError> errors)
    {
        if (!psp.Annotations.TryGetValue(PspAnnotations.AppArmorAllowed, out var allowedField)) return;
        var allowed = allowedField.Value.Length == 0 ? [] : allowedField.Value.Split(',');
        var key = PspAnnotations.AppArmorContainerPrefix + c.Name;
        var (at, path) = pod.Annotations.TryGetValue(key, out var a) ? (a.Position, a.Path)
            : (c.AppArmorField ?? pod.AppArmorField) is { } f ? (f.Position, f.Path) : (c.Position, $"{pod.MetadataPath}.annotations[{key}]");
        var profile = ContainerProfile(pod, c) ?? "";
        if (profile.Length == 0)
        {
            if (allowed.Length > 0) errors.Add(PspError.Forbidden("apparmor", path, at, "AppArmor profile must be set", c.Name));
            return;
        }
        if (!allowed.Contains(profile, StringComparer.Ordinal))
        {
            errors.Add(PspError.Forbidden("apparmor", path, at, $"{profile} is not an allowed profile. Allowed values: \"{allowedField.Value}\"", c.Name));
        }
    }

    public static void Default(PspPolicy psp, PspPod pod, PspContainer c, PspChanges changes)
    {
        if (ContainerProfile(pod, c) is { Length: > 0 }) return;
        if (!psp.Annotations.TryGetValue(PspAnnotations.AppArmorDefault, out var d) || d.Value.Length == 0) return;
        var key = PspAnnotations.AppArmorContainerPrefix + c.Name;
        pod.Annotations[key] = new Val<string>(d.Value, pod.MetadataPosition, $"{pod.MetadataPath}.annotations[{key}]");
        changes.Set($"{pod.MetadataPointer}/annotations/{PspChanges.Segment(key)}", d.Value, $"container \"{c.Name}\": AppArmor profile {d.Value} (defaultProfileName)");
    }
}
