namespace Stockade.Kube;

/// <summary>
/// The pre-field seccomp and AppArmor annotations. Kubernetes read them before the
/// securityContext fields existed; the hardened rules, the Pod Security controls and the
/// PodSecurityPolicy engine all read them through these names.
/// </summary>
internal static class LegacyAnnotations
{
    public const string SeccompPod = "seccomp.security.alpha.kubernetes.io/pod";
    public const string SeccompContainerPrefix = "container.seccomp.security.alpha.kubernetes.io/";
    public const string AppArmorContainerPrefix = "container.apparmor.security.beta.kubernetes.io/";

    /// <summary>The container's seccomp annotation on the pod (template), when set.</summary>
    public static Field<string> Seccomp(PodSubject pod, ContainerModel container) =>
        container.Name.IsSet && pod.PodAnnotations.TryGetValue(SeccompContainerPrefix + container.Name.Value, out var a) ? a : default;

    /// <summary>The container's AppArmor annotation on the pod (template), when set.</summary>
    public static Field<string> AppArmor(PodSubject pod, ContainerModel container) =>
        container.Name.IsSet && pod.PodAnnotations.TryGetValue(AppArmorContainerPrefix + container.Name.Value, out var a) ? a : default;
}
