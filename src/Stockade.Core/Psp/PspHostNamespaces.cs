using Stockade.Kube;

namespace Stockade.Psp;

/// <summary><c>hostNetwork</c>, <c>hostPID</c>, <c>hostIPC</c>: a pod may share a host namespace only when the policy allows it.</summary>
internal static class PspHostNamespaces
{
    public static void Validate(PspPolicy psp, PodSubject pod, List<PspError> errors)
    {
        Check(pod.Spec.HostNetwork, psp.HostNetwork.Is(true), "hostNetwork", "Host network is not allowed to be used", errors);
        Check(pod.Spec.HostPID, psp.HostPID.Is(true), "hostPID", "Host PID is not allowed to be used", errors);
        Check(pod.Spec.HostIPC, psp.HostIPC.Is(true), "hostIPC", "Host IPC is not allowed to be used", errors);
    }

    private static void Check(Field<bool> value, bool allowed, string control, string detail, List<PspError> errors)
    {
        if (!allowed && value.Is(true)) errors.Add(PspError.Invalid(control, value.Path, value.Position, true, detail));
    }
}
