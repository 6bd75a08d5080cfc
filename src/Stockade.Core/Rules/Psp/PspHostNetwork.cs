using Stockade.Engine;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that admits pods in the node's network namespace.</summary>
internal sealed class PspHostNetwork() : PspFlagRule("hostNetwork", p => p.HostNetwork, "pods in the host network namespace")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-host-network",
        Title = "PodSecurityPolicy admits the host network namespace",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "A pod admitted with hostNetwork uses the node's interfaces: it bypasses NetworkPolicies, reaches " +
                    "services bound to the node's loopback (the kubelet, etcd on a control-plane node) and can sniff " +
                    "the node's traffic.",
        Remediation = "Set spec.hostNetwork to false (or remove it).",
        RemediationYaml = """
            spec:
              hostNetwork: false
            """,
        Fields = [new("PodSecurityPolicy spec.hostNetwork", "false, undefined/null")],
        References =
        [
            Field("hostNetwork"),
            new("CIS", "5.2.5 Minimize the admission of containers wishing to share the host network namespace"),
            new("Kubescape", "C-0216"),
            new("Checkov", "CKV_K8S_4"),
        ],
    };
}
