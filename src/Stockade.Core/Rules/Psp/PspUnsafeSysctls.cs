using Stockade.Engine;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that admits sysctls outside the kubelet's safe set.</summary>
internal sealed class PspUnsafeSysctls : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-unsafe-sysctls",
        Title = "PodSecurityPolicy admits unsafe sysctls",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "Unsafe sysctls are not namespaced or not isolated between pods: a pod setting one changes the kernel " +
                    "of every pod on the node (memory, networking, IPC limits). allowedUnsafeSysctls \"*\" or a pattern " +
                    "admits them all; the kubelet still needs --allowed-unsafe-sysctls, but the policy is the gate " +
                    "that should refuse them.",
        Remediation = "Remove the entries of spec.allowedUnsafeSysctls; keep a policy for a workload that needs one bound " +
                      "only to its service account, with the exact name.",
        RemediationYaml = """
            spec:
              allowedUnsafeSysctls: []
            """,
        Fields = [new("PodSecurityPolicy spec.allowedUnsafeSysctls", "undefined / empty; names in the kubelet's safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start)")],
        References =
        [
            Field("allowedUnsafeSysctls"),
            new("PSS", "baseline: Sysctls", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        foreach (var s in policy.AllowedUnsafeSysctls.Where(s => !PspVocabulary.SafeSysctls.Contains(s.Value, StringComparer.Ordinal)))
        {
            var what = s.Value.EndsWith('*') ? $"every sysctl matching \"{s.Value}\"" : $"unsafe sysctl {s.Value}";
            context.Report(s, $"the policy admits {what} (spec.allowedUnsafeSysctls)");
        }
    }
}
