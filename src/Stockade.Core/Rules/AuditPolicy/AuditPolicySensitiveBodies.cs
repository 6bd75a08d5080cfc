using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.AuditPolicy;

/// <summary>Audit policy logs Secrets, ConfigMaps or TokenReviews below or above Metadata.</summary>
internal sealed class AuditPolicySensitiveBodies : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "audit-policy-sensitive-bodies",
        Title = "Audit policy logs Secrets, ConfigMaps or TokenReviews below or above Metadata",
        Severity = Severity.High,
        Category = "audit",
        Rationale = "Requests on Secrets, ConfigMaps and TokenReviews carry credentials in their bodies: at Request or RequestResponse level the audit log becomes a copy of every Secret and token, readable by whoever reads the logs. At None, access to them goes unrecorded. Metadata records who did what to which object, without the body.",
        Remediation = "Put a rule for secrets, configmaps and tokenreviews at level Metadata before any rule that logs bodies.",
        RemediationYaml = """
            rules:
              - level: Metadata
                resources:
                  - group: ""
                    resources: ["secrets", "configmaps"]
                  - group: authentication.k8s.io
                    resources: ["tokenreviews"]
            """,
        Fields =
        [
            new("Policy rules[*] (level, users, userGroups, verbs, resources[*].group/resources/resourceNames, namespaces, nonResourceURLs; the first matching rule wins)", "for secrets, configmaps and tokenreviews.authentication.k8s.io: Metadata for every verb (no rule reached first at Request or RequestResponse, and none at None)"),
        ],
        References = AuditPolicyModel.CoverageReferences,
    };

    public override bool AppliesTo(KubeObject obj) => AuditPolicyModel.IsPolicy(obj);

    public override void Check(KubeObject obj, RuleContext context)
    {
        var policy = AuditPolicyModel.Read(obj);
        foreach (var (group, resource) in new[] { ("", "secrets"), ("", "configmaps"), ("authentication.k8s.io", "tokenreviews") })
        {
            var label = group.Length == 0 ? resource : $"{resource}.{group}";
            // Bodies: any rule at Request or above that some request reaches first (narrowed rules included: their users leak too).
            var reported = new HashSet<AuditRule>();
            foreach (var verb in AuditPolicyModel.Verbs)
            {
                var generic = policy.Rules.ToList().FindIndex(r => r.Matches(verb, group, resource, "", anyone: false));
                var limit = generic < 0 ? policy.Rules.Count - 1 : generic;
                for (var i = 0; i <= limit; i++)
                {
                    var rule = policy.Rules[i];
                    if (rule.Level >= AuditLevel.Request && rule.Matches(verb, group, resource, "", anyone: true) && reported.Add(rule))
                    {
                        context.Report(rule.Position, rule.Path, $"audit Policy logs {label} at {rule.LevelText} ({rule.Path}): their contents are written to the audit log");
                    }
                }
            }
            var unlogged = AuditPolicyModel.Verbs.Where(v => policy.LevelOf(v, group, resource) == AuditLevel.None).ToList();
            if (unlogged.Count > 0 && policy.Rules.Any(r => r.Level != AuditLevel.None))
            {
                var rule = policy.FirstMatch(unlogged[0], group, resource);
                var where = rule == null ? "no rule matches them" : $"{rule.Path} sets level None";
                context.Report(rule?.Position ?? obj.Position, rule?.Path ?? obj.PathOf("rules"), $"audit Policy does not record {string.Join(", ", unlogged)} on {label}: {where}");
            }
        }
    }
}
