using Stockade.Engine;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that admits privileged containers.</summary>
internal sealed class PspPrivileged() : PspFlagRule("privileged", p => p.Privileged, "privileged containers")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-privileged",
        Title = "PodSecurityPolicy admits privileged containers",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "A pod admitted by this policy may run privileged containers: every device of the node, every " +
                    "capability, no seccomp or AppArmor confinement — root on the node for whoever may create pods " +
                    "in a namespace where the policy can be used.",
        Remediation = "Set spec.privileged to false (or remove it); keep a privileged policy, if one is needed, bound only " +
                      "to the service accounts of the system components that need it.",
        RemediationYaml = """
            spec:
              privileged: false
            """,
        Fields = [new("PodSecurityPolicy spec.privileged", "false, undefined/null")],
        References =
        [
            Field("privileged"),
            new("CIS", "5.2.2 Minimize the admission of privileged containers"),
            new("Kubescape", "C-0213"),
            new("Checkov", "CKV_K8S_2"),
        ],
    };
}
