using Stockade.Engine;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy that gives privilege escalation to every container that does not refuse it.</summary>
internal sealed class PspDefaultPrivilegeEscalation()
    : PspFlagRule("defaultAllowPrivilegeEscalation", p => p.DefaultAllowPrivilegeEscalation, "privilege escalation by default for every container that does not set allowPrivilegeEscalation")
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-default-privilege-escalation",
        Title = "PodSecurityPolicy defaults containers to privilege escalation",
        Severity = Severity.Medium,
        Category = "psp",
        Rationale = "With defaultAllowPrivilegeEscalation true the admission plugin writes allowPrivilegeEscalation: true " +
                    "into every container that leaves it out, so the unsafe setting becomes the written one; with it false " +
                    "(or unset while allowPrivilegeEscalation is false) containers get no_new_privs unless they ask otherwise.",
        Remediation = "Set spec.defaultAllowPrivilegeEscalation to false, or remove it and set allowPrivilegeEscalation to false.",
        RemediationYaml = """
            spec:
              defaultAllowPrivilegeEscalation: false
              allowPrivilegeEscalation: false
            """,
        Fields = [new("PodSecurityPolicy spec.defaultAllowPrivilegeEscalation", "false, undefined/null")],
        References =
        [
            Field("defaultAllowPrivilegeEscalation"),
            new("CIS", "5.2.6 Minimize the admission of containers with allowPrivilegeEscalation"),
        ],
    };
}
