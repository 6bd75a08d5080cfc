using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Rules;

/// <summary>Privilege, capability, host-namespace and host-path rules.</summary>
internal static class PrivilegeRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new PrivilegedContainer(),
        new PrivilegeEscalationAllowed(),
        new WindowsHostProcess(),
        new HostNetwork(),
        new HostPid(),
        new HostIpc(),
        new HostPort(),
        new HostPathVolume(),
        new HostPathWritable(),
        new HostPathSensitive(),
        new ContainerRuntimeSocket(),
        new CapabilitiesDropAll(),
        new NetRawNotDropped(),
        new DangerousCapabilities(),
        new CapabilitiesAdded(),
        new UnmaskedProcMount(),
        new UnsafeSysctls(),
    ];
}
