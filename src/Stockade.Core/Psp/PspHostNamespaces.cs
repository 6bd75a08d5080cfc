namespace Stockade.Psp;

/// <summary><c>hostNetwork</c>, <c>hostPID</c>, <c>hostIPC</c>: a pod may share a host namespace only when the policy allows it.</summary>
public static class PspHostNamespaces
{
    public static void Validate(PspPolicy psp, PspPod pod, List<PspError> errors)
    {
        Check(pod.HostNetwork, psp.HostNetwork.Is(true), "hostNetwork", "Host network is not allowed to be used", errors);
        Check(pod.HostPID, psp.HostPID.Is(true), "hostPID", "Host PID is not allowed to be used", errors);
        Check(pod.HostIPC, psp.HostIPC.Is(true), "hostIPC", "Host IPC is not allowed to be used", errors);
    }

    private static void Check(Val<bool>? value, bool allowed, string control, string detail, List<PspError> errors)
    {
        if (!allowed && value is { Value: true } v) errors.Add(PspError.Invalid(control, v.Path, v.Position, true, detail));
    }
}
