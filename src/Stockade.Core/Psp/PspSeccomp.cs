using Stockade.Kube;

namespace Stockade.Psp;

/// <summary>
/// seccomp, from the policy's <c>seccomp.security.alpha.kubernetes.io/allowedProfileNames</c> and
/// <c>defaultProfileName</c> annotations. A pod's profile is its <c>…/pod</c> annotation, else its
/// <c>securityContext.seccompProfile</c> field; a container's is its <c>container.seccomp…/NAME</c>
/// annotation, else its field, else the pod's. With no allowed list only "no profile" passes;
/// <c>*</c> allows any; <c>runtime/default</c> and <c>docker/default</c> allow each other.
/// Defaulting sets the pod annotation to the default profile when the pod has no profile.
/// </summary>
internal static class PspSeccomp
{
    private sealed record Allowed(bool Any, HashSet<string> Names, string Text);

    private static Allowed Parse(PspPolicy psp)
    {
        var text = psp.Annotations.TryGetValue(PspAnnotations.SeccompAllowed, out var a) ? a.Value : "";
        var names = new HashSet<string>(StringComparer.Ordinal);
        var any = false;
        foreach (var p in text.Length == 0 ? [] : text.Split(','))
        {
            if (p == PspAnnotations.SeccompAllowAny) { any = true; continue; }
            if (p is "runtime/default" or "docker/default") names.UnionWith(["runtime/default", "docker/default"]);
            names.Add(p);
        }
        return new Allowed(any, names, text);
    }

    public static string? PodProfile(PodSubject pod) =>
        pod.Annotation(PspAnnotations.SeccompPod) is { Length: > 0 } a ? a : PodField(pod) is { IsSet: true } f ? f.Value : null;

    private static Field<string> PodField(PodSubject pod) => PspPodFields.AsAnnotation(pod.Spec.SecurityContext?.SeccompProfile);

    private static string AnnotationPath(PodSubject pod, string key) => $"{pod.MetadataPath}.annotations[{key}]";

    public static void ValidatePod(PspPolicy psp, PodSubject pod, List<PspError> errors)
    {
        var profile = PodProfile(pod) ?? "";
        var (at, path) = pod.PodAnnotations.TryGetValue(PspAnnotations.SeccompPod, out var a) ? (a.Position, a.Path)
            : PodField(pod) is { IsSet: true } f ? (f.Position, f.Path) : (pod.MetadataPosition, AnnotationPath(pod, PspAnnotations.SeccompPod));
        Check(Parse(psp), profile, path, at, null, errors);
    }

    public static void ValidateContainer(PspPolicy psp, PodSubject pod, ContainerModel c, List<PspError> errors)
    {
        var key = PspAnnotations.SeccompContainerPrefix + c.PspName();
        string profile;
        Yaml.SourcePosition at;
        string path;
        if (pod.PodAnnotations.TryGetValue(key, out var a)) (profile, at, path) = (a.Value, a.Position, a.Path);
        else if (PspPodFields.AsAnnotation(c.SecurityContext?.SeccompProfile) is { IsSet: true } f) (profile, at, path) = (f.Value, f.Position, f.Path);
        else (profile, at, path) = (PodProfile(pod) ?? "", pod.Effective(c).AbsentPosition, AnnotationPath(pod, key));
        Check(Parse(psp), profile, path, at, c.PspName(), errors);
    }

    private static void Check(Allowed allowed, string profile, string path, Yaml.SourcePosition at, string? container, List<PspError> errors)
    {
        if (!allowed.Any && allowed.Names.Count == 0 && profile.Length > 0)
        {
            errors.Add(PspError.Forbidden("seccomp", path, at, "seccomp may not be set", container));
            return;
        }
        var ok = allowed.Names.Count == 0 && profile.Length == 0 || allowed.Any || allowed.Names.Contains(profile);
        if (!ok)
        {
            errors.Add(PspError.Forbidden("seccomp", path, at, $"{profile} is not an allowed seccomp profile. Valid values are {allowed.Text}", container));
        }
    }

    public static PodSubject Default(PspPolicy psp, PodSubject pod, PspChanges changes)
    {
        if (PodProfile(pod) is { Length: > 0 }) return pod;
        if (!psp.Annotations.TryGetValue(PspAnnotations.SeccompDefault, out var d) || d.Value.Length == 0) return pod;
        changes.Set($"{PspChanges.PointerOf(pod.MetadataPath)}/annotations/{PspChanges.Segment(PspAnnotations.SeccompPod)}", d.Value, $"seccomp profile {d.Value} (defaultProfileName)");
        return pod.WithAnnotation(PspAnnotations.SeccompPod, d.Value);
    }
}
