using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can port-forward to pods.</summary>
internal sealed class RbacPodPortForward : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-pod-portforward",
        Title = "Role can port-forward to pods",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "pods/portforward opens a tunnel from the subject's machine to any port of a pod, bypassing Services, Ingress and NetworkPolicies that guard the pod from the outside.",
        Remediation = "Remove create and get on pods/portforward; reach services through their normal, policed entry points.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["pods"]
                verbs: ["get", "list"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create or get on pods/portforward; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without pods/portforward access, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role) =>
        Rbac.AllowedVerbs(rule, "", "pods/portforward", "create", "get") is { Count: > 0 } verbs ? $"allows {Rbac.Verbs(verbs)} on pods/portforward" : null;
}
