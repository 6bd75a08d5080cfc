using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A Windows HostProcess container runs on the node as a host process: the node's network, its
/// filesystem and, by the pod's user, its administrator rights. The hardened profile reports it as
/// the Pod Security Standards' baseline does.
/// </summary>
internal sealed class WindowsHostProcess : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "windows-host-process",
        Title = "Windows HostProcess container",
        Severity = Severity.Critical,
        Rationale = "With securityContext.windowsOptions.hostProcess=true (on the pod, which every container inherits, " +
                    "or on a container) the container is not isolated at all: it runs as a process of the Windows " +
                    "node, on the host network, with the node's filesystem and as a node account such as " +
                    "NT AUTHORITY\\SYSTEM. It is the Windows equivalent of a privileged container with every host namespace.",
        Remediation = "Remove securityContext.windowsOptions.hostProcess (or set it to false) at pod and container level; " +
                      "run node agents that need the host as a reviewed DaemonSet in a namespace that admits them.",
        RemediationYaml = """
            securityContext:
              windowsOptions:
                hostProcess: false
            """,
        Fields =
        [
            new("spec.securityContext.windowsOptions.hostProcess, spec.containers[*].securityContext.windowsOptions.hostProcess, spec.initContainers[*].securityContext.windowsOptions.hostProcess, spec.ephemeralContainers[*].securityContext.windowsOptions.hostProcess", "undefined / false"),
        ],
        References =
        [
            new("PSS", "baseline: HostProcess", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("Kubernetes docs", "Create a Windows HostProcess pod", "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var podHostProcess = pod.PodSecurityContext?.WindowsOptions?.HostProcess ?? default;
        if (podHostProcess.Is(true))
        {
            context.Report(podHostProcess, "pod runs its containers as Windows HostProcess containers (securityContext.windowsOptions.hostProcess=true)");
        }
        foreach (var container in pod.Spec.AllContainers)
        {
            // A container inheriting the pod's true is covered by the pod's finding.
            var own = container.SecurityContext?.WindowsOptions?.HostProcess ?? default;
            if (own.Is(true))
            {
                context.Report(own, $"container \"{container.DisplayName}\" is a Windows HostProcess container (securityContext.windowsOptions.hostProcess=true)", container);
            }
        }
    }
}
