using Stockade.Kube;

namespace Stockade.Psp;

/// <summary><c>hostPorts</c>: every non-zero hostPort of every container must fall in one of the policy's ranges.</summary>
internal static class PspHostPorts
{
    public static void Validate(PspPolicy psp, ContainerModel c, List<PspError> errors)
    {
        foreach (var port in c.Ports.Select(p => p.HostPort))
        {
            if (port.IsSet && port.Value > 0 && !psp.HostPorts.Any(r => r.Contains(port.Value)))
            {
                errors.Add(PspError.Invalid("hostPorts", port.Path, port.Position, port.Value,
                    $"Host port {port.Value} is not allowed to be used. Allowed ports: [{RangesText(psp)}]", c.PspName()));
            }
        }
    }

    private static string RangesText(PspPolicy psp) =>
        string.Join(",", psp.HostPorts.Select(r => r.Min == r.Max ? $"{r.Min}" : $"{r.Min}-{r.Max}"));
}
