using Stockade.Engine;
using Stockade.Rules.Psp;

namespace Stockade.Rules;

/// <summary>
/// Rules grading PodSecurityPolicy objects themselves (what a policy would admit), as opposed to
/// judging pods against policies (the <c>psp</c> rule). They only fire on PodSecurityPolicies, so
/// they are in <c>hardened</c> too: a policy in a repository is a file to review before it is applied.
/// </summary>
internal static class PspPolicyRules
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new PspPrivileged(), new PspHostPid(), new PspHostIpc(), new PspHostNetwork(), new PspHostPortsAllowed(),
        new PspHostPath(), new PspVolumesAll(), new PspDangerousCapabilities(), new PspCapabilitiesAdded(),
        new PspRequiredDropAll(), new PspNetRawNotDropped(), new PspRunAsRoot(), new PspPrivilegeEscalation(),
        new PspDefaultPrivilegeEscalation(), new PspUnsafeSysctls(), new PspSeccompUnconfined(), new PspAppArmorUnconfined(),
    ];
}
