using Stockade.Engine;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that does not make containers drop every capability.</summary>
internal sealed class PspRequiredDropAll() : PspRequiredDropRule("ALL")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-required-drop-all",
        Title = "PodSecurityPolicy does not require dropping ALL capabilities",
        Severity = Severity.Medium,
        Category = "psp",
        Rationale = "Containers start with the runtime's default capability set (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, " +
                    "SETGID, NET_RAW, …). requiredDropCapabilities: [ALL] removes them from every container the policy " +
                    "admits, so only what allowedCapabilities lists can be added back.",
        Remediation = "Add ALL to spec.requiredDropCapabilities.",
        RemediationYaml = """
            spec:
              requiredDropCapabilities: ["ALL"]
            """,
        Fields = [new("PodSecurityPolicy spec.requiredDropCapabilities", "contains ALL (any case; not with spaces, which containerd does not drop)")],
        References =
        [
            Field("requiredDropCapabilities"),
            new("CIS", "5.2.10 Minimize the admission of containers with capabilities assigned"),
            new("Kubescape", "C-0220"),
            new("Checkov", "CKV_K8S_36"),
        ],
    };
}
