using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can create service-account tokens.</summary>
internal sealed class RbacServiceAccountToken : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-serviceaccount-token",
        Title = "Role can create service-account tokens",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "create on serviceaccounts/token (the TokenRequest API) mints a token for any service account in scope, so the subject can act as each of them, including controllers' accounts with broad rights.",
        Remediation = "Remove create on serviceaccounts/token; where a component must mint tokens, restrict it with resourceNames.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["serviceaccounts/token"]
                resourceNames: ["build-runner"]
                verbs: ["create"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create on serviceaccounts/token; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without create on serviceaccounts/token, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.13 Minimize access to the service account token creation"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role) =>
        Rbac.AllowedVerbs(rule, "", "serviceaccounts/token", "create").Count > 0 ? "allows create on serviceaccounts/token" : null;
}
