using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container that declares a port below 1024.</summary>
internal sealed class PrivilegedPort : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "privileged-port",
        Title = "Container listens on a privileged port",
        Severity = Severity.Low,
        EnabledByDefault = false, // a hint, not a privilege: the port says the process expects NET_BIND_SERVICE or root
        Rationale = "Binding a port below 1024 takes CAP_NET_BIND_SERVICE (or root) unless the runtime lowers " +
                    "net.ipv4.ip_unprivileged_port_start, so a containerPort below 1024 usually means the image runs as root or " +
                    "keeps that capability; a port above 1024 lets it run non-root with every capability dropped. The " +
                    "containerPort itself grants nothing (it is informational; hostPort is host-port's finding). Off by default " +
                    "for that reason; kube-linter and Trivy count it.",
        Remediation = "Have the process listen on a port of 1024 or more and map the well-known port in the Service (port: 80, targetPort: 8080).",
        RemediationYaml = """
            ports:
              - containerPort: 8080
            """,
        Fields =
        [
            new("spec.containers[*].ports[*].containerPort (and init containers)", "1024 and above"),
        ],
        References =
        [
            new("kube-linter", "privileged-ports"),
            new("Trivy", "KSV-0117 Prevent binding to privileged ports"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var port in container.Ports.Where(p => p.ContainerPort is { IsSet: true, Value: > 0 and < 1024 }))
            {
                context.Report(port.ContainerPort, $"container \"{container.DisplayName}\" declares privileged port {port.ContainerPort.Value}", container);
            }
        }
    }
}
