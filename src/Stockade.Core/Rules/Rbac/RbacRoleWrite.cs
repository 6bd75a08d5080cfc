using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can create, change or delete Roles, ClusterRoles or their bindings.</summary>
internal sealed class RbacRoleWrite : ResourcePermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-role-write",
        Title = "Role can create, change or delete roles or bindings",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "Without bind or escalate, the API server lets a subject write a role or binding only for permissions it already holds in that scope. That still hands them on: to a ServiceAccount it controls, to a broad group, to a token that outlives the subject's own grant. Combined with any other permission it makes that permission transferable, and delete removes other subjects' access. With bind or escalate the limit is gone (rbac-bind-escalate).",
        Remediation = "Leave roles and bindings to the cluster's provisioning (GitOps, a namespace operator); where a controller must create bindings, give it bind on the named roles it hands out instead of write on every binding.",
        RemediationYaml = """
            rules:
              - apiGroups: ["rbac.authorization.k8s.io"]
                resources: ["roles", "rolebindings"]
                verbs: ["get", "list", "watch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create, update, patch, delete or deletecollection on roles, clusterroles, rolebindings or clusterrolebindings of rbac.authorization.k8s.io for every object (resourceNames unset); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without write access to roles or bindings, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.8 Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster"),
            new("Trivy", "KSV-0050"),
            new("Trivy", "KSV-0051"),
            new("Trivy", "KSV-0052"),
            new("Trivy", "KSV-0055"),
            new("Kubernetes docs", "Restrictions on role creation or update", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update"),
        ],
    };

    protected override IReadOnlyList<(string Group, string Resource)> Resources { get; } =
        [(Rbac.Group, "roles"), (Rbac.Group, "clusterroles"), (Rbac.Group, "rolebindings"), (Rbac.Group, "clusterrolebindings")];

    protected override string[] Verbs => Rbac.WriteVerbs;
}
