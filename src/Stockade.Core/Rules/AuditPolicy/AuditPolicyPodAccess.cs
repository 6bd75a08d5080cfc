using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.AuditPolicy;

/// <summary>Audit policy does not record exec, attach, port-forward or proxy.</summary>
internal sealed class AuditPolicyPodAccess : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "audit-policy-pod-access",
        Title = "Audit policy does not record exec, attach, port-forward or proxy",
        Severity = Severity.High,
        Category = "audit",
        Rationale = "pods/exec, pods/attach, pods/portforward and the proxy subresources (pods, services, nodes) are how people and attackers get inside workloads and nodes. If the policy leaves them at None, the most telling requests of an intrusion are the ones not recorded.",
        Remediation = "Record the create and get requests of these subresources at Metadata level (or above).",
        RemediationYaml = """
            rules:
              - level: Metadata
                resources:
                  - group: ""
                    resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy", "nodes/proxy"]
            """,
        Fields =
        [
            new("Policy rules[*] (level, users, userGroups, verbs, resources[*].group/resources/resourceNames, namespaces, nonResourceURLs; the first matching rule wins)", "a level other than None for create and get on pods/exec, pods/attach, pods/portforward, pods/proxy, services/proxy, nodes/proxy; not read when every rule is level None"),
        ],
        References = AuditPolicyModel.CoverageReferences,
    };

    public override bool AppliesTo(KubeObject obj) => AuditPolicyModel.IsPolicy(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var policy = AuditPolicyModel.Read(obj);
        // With every rule at None, audit-policy-logs-nothing says it once.
        if (policy.Rules.All(r => r.Level == AuditLevel.None)) return;
        foreach (var (resource, sub) in new[] { ("pods", "exec"), ("pods", "attach"), ("pods", "portforward"), ("pods", "proxy"), ("services", "proxy"), ("nodes", "proxy") })
        {
            var unlogged = new[] { "create", "get" }.Where(v => policy.LevelOf(v, "", resource, sub) == AuditLevel.None).ToList();
            if (unlogged.Count == 0) continue;
            var rule = policy.FirstMatch(unlogged[0], "", resource, sub);
            var where = rule == null ? "no rule matches it" : $"{rule.Path} sets level None";
            context.Report(rule?.Position ?? obj.Position, rule?.Path ?? obj.PathOf("rules"), $"audit Policy does not record {string.Join(" or ", unlogged)} on {resource}/{sub}: {where}");
        }
    }
}
