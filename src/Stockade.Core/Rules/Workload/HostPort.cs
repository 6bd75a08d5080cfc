using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A hostPort binds the container to a port on the node's own addresses, outside Services and
/// NetworkPolicies, and pins the pod to nodes where that port is free.
/// </summary>
internal sealed class HostPort : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-port",
        Title = "Container binds a port on the node",
        Severity = Severity.Medium,
        Rationale = "A hostPort forwards a port of the node to the container: the workload becomes reachable on " +
                    "the node's address, bypassing Services and often NetworkPolicies, and can shadow a port the " +
                    "node or another pod needs. On a host-network pod Kubernetes sets every hostPort to its " +
                    "containerPort when the Pod is created.",
        Remediation = "Remove ports[].hostPort and expose the container through a Service (NodePort or " +
                      "LoadBalancer when it must be reachable from outside).",
        RemediationYaml = """
            ports:
            - containerPort: 8080
              protocol: TCP
            """,
        Fields =
        [
            new("spec.containers[*].ports[*].hostPort, spec.initContainers[*].ports[*].hostPort, spec.ephemeralContainers[*].ports[*].hostPort", "undefined/0"),
            new("spec.containers[*].ports[*].containerPort, spec.initContainers[*].ports[*].containerPort (when spec.hostNetwork is true, Kubernetes copies it into hostPort)", "undefined/0, or any value when spec.hostNetwork is not true"),
        ],
        References =
        [
            new("PSS", "baseline: Host Ports", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "hostPorts"),
            new("CIS", "5.2.13 Minimize the admission of containers which use HostPorts"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var hostNetwork = pod.Spec.HostNetwork.Is(true);
        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var port in container.Ports)
            {
                if (port.HostPort.IsSet && port.HostPort.Value != 0)
                {
                    context.Report(port.HostPort, $"container \"{container.DisplayName}\" binds node port {port.HostPort.Value} (hostPort={port.HostPort.Value})", container);
                }
                else if (hostNetwork && container.Kind != ContainerKind.EphemeralContainer && port.ContainerPort.IsSet && port.ContainerPort.Value != 0)
                {
                    // Pod defaulting (SetDefaults_PodSpec) copies containerPort into an unset or zero
                    // hostPort of containers and init containers when hostNetwork is true.
                    context.Report(port.ContainerPort, $"container \"{container.DisplayName}\" binds node port {port.ContainerPort.Value}: " +
                                                       $"with hostNetwork=true Kubernetes sets hostPort to containerPort {port.ContainerPort.Value}", container);
                }
            }
        }
    }
}
