using Stockade.Engine;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that leaves NET_RAW to the containers it admits.</summary>
internal sealed class PspNetRawNotDropped() : PspRequiredDropRule("NET_RAW")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-net-raw-not-dropped",
        Title = "PodSecurityPolicy does not require dropping NET_RAW",
        Severity = Severity.Medium,
        Category = "psp",
        Rationale = "NET_RAW is in the runtimes' default set: it lets a container craft packets, spoof addresses and " +
                    "ARP-poison its neighbours on the node's network. requiredDropCapabilities with NET_RAW (or ALL) " +
                    "removes it from every container the policy admits.",
        Remediation = "Add ALL (or at least NET_RAW) to spec.requiredDropCapabilities.",
        RemediationYaml = """
            spec:
              requiredDropCapabilities: ["ALL"]
            """,
        Fields = [new("PodSecurityPolicy spec.requiredDropCapabilities", "contains ALL or NET_RAW (any case; not CAP_NET_RAW or with spaces, which containerd does not drop)")],
        References =
        [
            Field("requiredDropCapabilities"),
            new("Checkov", "CKV_K8S_7"),
        ],
    };
}
