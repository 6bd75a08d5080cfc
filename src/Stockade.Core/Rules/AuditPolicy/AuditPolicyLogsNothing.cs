using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.AuditPolicy;

/// <summary>Audit policy records nothing.</summary>
internal sealed class AuditPolicyLogsNothing : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "audit-policy-logs-nothing",
        Title = "Audit policy records nothing",
        Severity = Severity.High,
        Category = "audit",
        Rationale = "An audit Policy with no rules, or whose rules are all level None, makes the API server record no events: the audit log exists but is empty, and an intrusion leaves no trace.",
        Remediation = "End the policy with a catch-all rule at Metadata level, after the rules that silence noisy read-only traffic.",
        RemediationYaml = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            rules:
              - level: None
                users: ["system:kube-proxy"]
                verbs: ["watch"]
              - level: Metadata
            """,
        Fields =
        [
            new("Policy rules[*].level", "at least one rule with a level other than None"),
        ],
        References =
        [
            new("CIS", "3.2.1 Ensure that a minimal audit policy is created"),
            AuditPolicyModel.PolicyDocs,
        ],
    };

    public override bool AppliesTo(KubeObject obj) => AuditPolicyModel.IsPolicy(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var policy = AuditPolicyModel.Read(obj);
        if (policy.Rules.Count == 0)
        {
            context.Report(obj.Position, obj.PathOf("rules"), "audit Policy has no rules: no request is recorded");
        }
        else if (policy.Rules.All(r => r.Level == AuditLevel.None))
        {
            context.Report(obj.Position, obj.PathOf("rules"), $"audit Policy: all {policy.Rules.Count} rules are level None: no request is recorded");
        }
    }
}
