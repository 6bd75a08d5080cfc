using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role uses wildcards in verbs, resources or API groups.</summary>
internal sealed class RbacWildcard : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-wildcard",
        Title = "Role uses wildcards in verbs, resources or API groups",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "A \"*\" grants every verb, every resource or every API group, including the ones added later (new CRDs, subresources). A role with wildcards is rarely least privilege; one with all three is cluster-admin.",
        Remediation = "List the verbs, resources and API groups the subject needs explicitly.",
        RemediationYaml = """
            rules:
              - apiGroups: ["apps"]
                resources: ["deployments"]
                verbs: ["get", "list", "watch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].verbs, resources, apiGroups, nonResourceURLs", "no \"*\" verb, resource (or */subresource) or API group, and no nonResourceURL ending in *"),
        ],
        References =
        [
            new("CIS", "5.1.3 Minimize wildcard use in Roles and ClusterRoles"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override bool IncludesAllWildcard => true;

    protected override bool ChecksBuiltInRoles => false;

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        var wild = new List<string>();
        if (rule.Verbs.Contains("*")) wild.Add("verbs");
        if (rule.Resources.Any(r => r == "*" || r.StartsWith("*/", StringComparison.Ordinal))) wild.Add("resources");
        if (rule.ApiGroups.Contains("*")) wild.Add("apiGroups");
        if (rule.NonResourceUrls.Any(u => u.EndsWith('*'))) wild.Add("nonResourceURLs");
        if (wild.Count == 0) return null;
        return Rbac.IsAllWildcard(rule) ? "allows every verb on every resource of every API group (as cluster-admin)" : $"uses \"*\" in {string.Join(", ", wild)}";
    }
}
