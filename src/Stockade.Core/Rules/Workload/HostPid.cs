using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A pod in the host PID namespace sees every process on the node, and as root can signal,
/// trace or enter them.
/// </summary>
internal sealed class HostPid : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-pid",
        Title = "Pod uses the host PID namespace",
        Severity = Severity.High,
        Rationale = "With hostPID the pod sees every process on the node, including other pods' containers, and " +
                    "their command lines and environment (secrets passed as variables). As root it can kill them, " +
                    "and with ptrace or nsenter it can step into them and out to the node.",
        Remediation = "Remove spec.hostPID (or set it to false). To share processes between the pod's own " +
                      "containers use shareProcessNamespace instead.",
        RemediationYaml = """
            spec:
              hostPID: false
            """,
        Fields =
        [
            new("spec.hostPID", "false, undefined/null"),
        ],
        References =
        [
            new("PSS", "baseline: Host Namespaces", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "hostPID"),
            new("CIS", "5.2.3 Minimize the admission of containers wishing to share the host process ID namespace"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var hostPid = pod.Spec.HostPID;
        if (hostPid.Is(true))
        {
            context.Report(hostPid, "pod shares the node's process namespace (spec.hostPID=true)");
        }
    }
}
