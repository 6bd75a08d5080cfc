using Stockade.Engine;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that admits host ports.</summary>
internal sealed class PspHostPortsAllowed : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-host-ports",
        Title = "PodSecurityPolicy admits host ports",
        Severity = Severity.Medium,
        Category = "psp",
        Rationale = "A hostPort binds the container to the node's address: it bypasses Services and NetworkPolicies on " +
                    "the way in, limits scheduling to one such pod per node, and lets a pod take a port a node daemon " +
                    "would use. Each range in hostPorts admits every port in it.",
        Remediation = "Remove spec.hostPorts; expose workloads through Services. Keep a range only for the exact ports a " +
                      "node-level component needs, in a policy bound to it alone.",
        RemediationYaml = """
            spec:
              hostPorts: []
            """,
        Fields = [new("PodSecurityPolicy spec.hostPorts[*]", "undefined / empty")],
        References =
        [
            Field("hostPorts"),
            new("PSS", "baseline: Host Ports", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        foreach (var r in policy.HostPorts)
        {
            var ports = r.Min == r.Max ? $"host port {r.Min}" : $"host ports {r.Min}-{r.Max}";
            context.Report(r.Position, r.Path, $"the policy admits {ports} (spec.hostPorts)");
        }
    }
}
