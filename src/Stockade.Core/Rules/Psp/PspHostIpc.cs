using Stockade.Engine;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that admits pods in the node's IPC namespace.</summary>
internal sealed class PspHostIpc() : PspFlagRule("hostIPC", p => p.HostIPC, "pods in the host IPC namespace")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-host-ipc",
        Title = "PodSecurityPolicy admits the host IPC namespace",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "A pod admitted with hostIPC shares the node's System V IPC objects and POSIX message queues: it " +
                    "can read and corrupt the shared memory of node daemons and other pods.",
        Remediation = "Set spec.hostIPC to false (or remove it).",
        RemediationYaml = """
            spec:
              hostIPC: false
            """,
        Fields = [new("PodSecurityPolicy spec.hostIPC", "false, undefined/null")],
        References =
        [
            Field("hostIPC"),
            new("CIS", "5.2.4 Minimize the admission of containers wishing to share the host IPC namespace"),
            new("Kubescape", "C-0215"),
            new("Checkov", "CKV_K8S_3"),
        ],
    };
}
