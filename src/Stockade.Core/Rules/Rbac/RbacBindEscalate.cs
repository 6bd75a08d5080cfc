using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can bind or escalate roles.</summary>
internal sealed class RbacBindEscalate : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-bind-escalate",
        Title = "Role can bind or escalate roles",
        Severity = Severity.Critical,
        Category = "rbac",
        Rationale = "The bind verb lets a subject create bindings to roles with permissions it does not have; escalate lets it edit roles to add them. Either is a path to cluster-admin.",
        Remediation = "Remove bind and escalate; if a controller needs bind, restrict it with resourceNames to the roles it hands out.",
        RemediationYaml = """
            rules:
              - apiGroups: ["rbac.authorization.k8s.io"]
                resources: ["clusterroles"]
                resourceNames: ["tenant-viewer"]
                verbs: ["bind"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no bind or escalate on roles or clusterroles of rbac.authorization.k8s.io; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without bind or escalate on roles or clusterroles, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.8 Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        var found = new[] { "roles", "clusterroles" }
            .Select(r => (r, Verbs: Rbac.AllowedVerbs(rule, Rbac.Group, r, "bind", "escalate")))
            .Where(x => x.Verbs.Count > 0)
            .Select(x => $"{Rbac.Verbs(x.Verbs)} on {x.r}")
            .ToList();
        return found.Count == 0 ? null : "allows " + string.Join(" and ", found);
    }
}
