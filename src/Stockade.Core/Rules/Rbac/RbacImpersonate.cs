using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can impersonate users, groups or service accounts.</summary>
internal sealed class RbacImpersonate : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-impersonate",
        Title = "Role can impersonate users, groups or service accounts",
        Severity = Severity.Critical,
        Category = "rbac",
        Rationale = "impersonate lets a subject act as another user, group or service account — including system:masters — taking their permissions.",
        Remediation = "Remove impersonate; where an operator needs it, restrict it with resourceNames to the identities it acts as.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["serviceaccounts"]
                resourceNames: ["report-runner"]
                verbs: ["impersonate"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no impersonate on users, groups, serviceaccounts, userextras/scopes or uids (authentication.k8s.io); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without impersonate, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.8 Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    private static readonly (string Group, string Resource)[] Identities =
    [
        ("", "users"), ("", "groups"), ("", "serviceaccounts"), ("authentication.k8s.io", "userextras/scopes"), ("authentication.k8s.io", "uids"),
    ];

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        var found = Identities.Where(i => Rbac.AllowedVerbs(rule, i.Group, i.Resource, "impersonate").Count > 0).Select(i => i.Resource).ToList();
        return found.Count == 0 ? null : $"allows impersonate on {string.Join(", ", found)}";
    }
}
