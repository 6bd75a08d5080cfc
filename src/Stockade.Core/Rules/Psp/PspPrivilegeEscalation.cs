using Stockade.Engine;
using Stockade.Psp;

namespace Stockade.Rules.Psp;

/// <summary>A PodSecurityPolicy under which containers may gain privileges (setuid binaries, file capabilities).</summary>
internal sealed class PspPrivilegeEscalation : PspPolicyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "psp-privilege-escalation",
        Title = "PodSecurityPolicy admits privilege escalation",
        Severity = Severity.High,
        Category = "psp",
        Rationale = "Unless allowPrivilegeEscalation is false, a pod admitted by the policy may run with no_new_privs " +
                    "unset: a setuid binary or a file capability in the image turns a compromised process into root. " +
                    "policy/v1beta1 defaults the field to true, so leaving it out allows escalation.",
        Remediation = "Set spec.allowPrivilegeEscalation to false.",
        RemediationYaml = """
            spec:
              allowPrivilegeEscalation: false
            """,
        Fields = [new("PodSecurityPolicy spec.allowPrivilegeEscalation", "false (undefined is defaulted to true)")],
        References =
        [
            Field("allowPrivilegeEscalation"),
            new("CIS", "5.2.6 Minimize the admission of containers with allowPrivilegeEscalation"),
            new("Kubescape", "C-0217"),
            new("Checkov", "CKV_K8S_5"),
        ],
    };

    protected override void Grade(PspPolicy policy, RuleContext context)
    {
        var field = policy.AllowPrivilegeEscalation;
        if (field.IsSet && field.Value) context.Report(field, "the policy admits privilege escalation (spec.allowPrivilegeEscalation: true)");
        else if (!field.IsSet)
        {
            context.Report(policy.Position, SpecPath(policy, "allowPrivilegeEscalation"),
                "the policy admits privilege escalation: spec.allowPrivilegeEscalation is not set, and policy/v1beta1 defaults it to true");
        }
    }
}
