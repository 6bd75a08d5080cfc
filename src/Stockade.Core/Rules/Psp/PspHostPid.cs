using Stockade.Engine;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that admits pods in the node's PID namespace.</summary>
internal sealed class PspHostPid() : PspFlagRule("hostPID", p => p.HostPID, "pods in the host PID namespace")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-host-pid",
        Title = "PodSecurityPolicy admits the host PID namespace",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "A pod admitted with hostPID sees every process of the node, reads their environment and " +
                    "command lines (credentials), and with ptrace or root can enter or kill them.",
        Remediation = "Set spec.hostPID to false (or remove it).",
        RemediationYaml = """
            spec:
              hostPID: false
            """,
        Fields = [new("PodSecurityPolicy spec.hostPID", "false, undefined/null")],
        References =
        [
            Field("hostPID"),
            new("CIS", "5.2.3 Minimize the admission of containers wishing to share the host process ID namespace"),
            new("Kubescape", "C-0214"),
            new("Checkov", "CKV_K8S_1"),
        ],
    };
}
