using Stockade.Kube;

namespace Stockade.PodSecurity;

/// <summary>Pods in their own user namespace, for which some controls are relaxed.</summary>
internal static class UserNamespaces
{
    /// <summary>True when the pod sets <c>hostUsers: false</c> explicitly (unset means host users).</summary>
    public static bool Relaxed(PodSubject pod) => pod.Spec.HostUsers.Is(false);
}
