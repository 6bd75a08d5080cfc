namespace Stockade.Psp;

/// <summary>The annotation keys PodSecurityPolicy read and wrote.</summary>
internal static class PspAnnotations
{
    /// <summary>On a policy: comma-separated seccomp profiles a pod may use (<c>*</c> for any).</summary>
    public const string SeccompAllowed = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";

    /// <summary>On a policy: the seccomp profile given to a pod that sets none.</summary>
    public const string SeccompDefault = "seccomp.security.alpha.kubernetes.io/defaultProfileName";

    /// <summary>On a policy: comma-separated AppArmor profiles a container may use.</summary>
    public const string AppArmorAllowed = "apparmor.security.beta.kubernetes.io/allowedProfileNames";

    /// <summary>On a policy: the AppArmor profile given to a container that sets none.</summary>
    public const string AppArmorDefault = "apparmor.security.beta.kubernetes.io/defaultProfileName";

    /// <summary>On a pod: its seccomp profile (legacy annotation).</summary>
    public const string SeccompPod = Kube.LegacyAnnotations.SeccompPod;

    /// <summary>On a pod: a container's seccomp profile, suffixed with the container name.</summary>
    public const string SeccompContainerPrefix = Kube.LegacyAnnotations.SeccompContainerPrefix;

    /// <summary>On a pod: a container's AppArmor profile, suffixed with the container name.</summary>
    public const string AppArmorContainerPrefix = Kube.LegacyAnnotations.AppArmorContainerPrefix;

    /// <summary>On a pod: the policy that admitted it.</summary>
    public const string ValidatedPolicy = "kubernetes.io/psp";

    public const string SeccompAllowAny = "*";
}
