using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>How PodSecurityPolicy reads the pod model where the admission plugin's reading differs from the rules'.</summary>
internal static class PspPodFields
{
    /// <summary>Where a pod-level finding about an absent field points: the pod's securityContext, else the spec.</summary>
    public static SourcePosition ScPosition(this PodSpecModel spec) => spec.SecurityContext?.Position ?? spec.Position;

    public static string ScPath(this PodSpecModel spec) => FieldPaths.Join(spec.Path, "securityContext");

    /// <summary>The container's name as the plugin keys annotations and errors by it: empty when unnamed.</summary>
    public static string PspName(this ContainerModel c) => c.Name.IsSet ? c.Name.Value : "";

    public static string? Annotation(this PodSubject pod, string key) => pod.PodAnnotations.TryGetValue(key, out var v) ? v.Value : null;

    /// <summary>A seccompProfile or appArmorProfile field in the legacy annotation's form (<c>runtime/default</c>); unset without a type.</summary>
    public static Field<string> AsAnnotation(ProfileModel? p)
    {
        if (p == null || !p.Type.IsSet) return default;
        var text = p.Type.Value switch
        {
            "RuntimeDefault" => "runtime/default",
            "Unconfined" => "unconfined",
            "Localhost" => "localhost/" + Text(p.LocalhostProfile),
            var other => other,
        };
        return new Field<string>(text, p.Type.Position, p.Type.OwnerPath, p.Type.Key);
    }

    public static string Text(Field<string> f) => f.IsSet ? f.Value : "";

    /// <summary>A defaulted value: written where the manifest did not write it, so it points at its owner.</summary>
    public static Field<T> Defaulted<T>(T value, SourcePosition at, string ownerPath, string key) => new(value, at, ownerPath, key);
}
