using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A pod in the host IPC namespace shares System V shared memory, semaphores and message queues
/// with every process on the node.
/// </summary>
internal sealed class HostIpc : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-ipc",
        Title = "Pod uses the host IPC namespace",
        Severity = Severity.High,
        Rationale = "With hostIPC the pod shares the node's System V IPC objects and POSIX message queues: it can " +
                    "read and corrupt shared memory segments of node daemons and other pods, and exhaust the " +
                    "node's IPC limits.",
        Remediation = "Remove spec.hostIPC (or set it to false). Containers of one pod already share an IPC namespace.",
        RemediationYaml = """
            spec:
              hostIPC: false
            """,
        Fields =
        [
            new("spec.hostIPC", "false, undefined/null"),
        ],
        References =
        [
            new("PSS", "baseline: Host Namespaces", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "hostIPC"),
            new("CIS", "5.2.4 Minimize the admission of containers wishing to share the host IPC namespace"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var hostIpc = pod.Spec.HostIPC;
        if (hostIpc.Is(true))
        {
            context.Report(hostIpc, "pod shares the node's IPC namespace (spec.hostIPC=true)");
        }
    }
}
