using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can use the nodes/proxy subresource.</summary>
internal sealed class RbacNodesProxy : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-nodes-proxy",
        Title = "Role can use the nodes/proxy subresource",
        Severity = Severity.Critical,
        Category = "rbac",
        Rationale = "nodes/proxy reaches the kubelet API of every node through the API server: with it, a subject can run commands in any pod on any node (the kubelet's /exec and /run), bypassing audit logging of pods/exec and admission control.",
        Remediation = "Remove nodes/proxy; monitoring agents need nodes/metrics or nodes/stats, not the proxy.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["nodes/metrics", "nodes/stats"]
                verbs: ["get"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no get, create, update, patch or delete on nodes/proxy; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without nodes/proxy access, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.10 Minimize access to the proxy sub-resource of nodes"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role) =>
        Rbac.AllowedVerbs(rule, "", "nodes/proxy", "get", "create", "update", "patch", "delete") is { Count: > 0 } verbs ? $"allows {Rbac.Verbs(verbs)} on nodes/proxy" : null;
}
