using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can read Secrets.</summary>
internal sealed class RbacSecretsRead : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-secrets-read",
        Title = "Role can read Secrets",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "get, list or watch on Secrets hands over every credential in their scope: service-account tokens, TLS keys, registry and database passwords. list and watch return the Secrets' contents, not only their names.",
        Remediation = "Grant get on the named Secrets the workload needs (resourceNames), never list or watch on all of them.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["secrets"]
                resourceNames: ["storefront-db"]
                verbs: ["get"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no get, list or watch on secrets; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without read access to secrets, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.2 Minimize access to secrets"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role) =>
        Rbac.AllowedVerbs(rule, "", "secrets", "get", "list", "watch") is { Count: > 0 } verbs ? $"allows {Rbac.Verbs(verbs)} on secrets" : null;
}
