using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can exec or attach into pods.</summary>
internal sealed class RbacPodExec : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-pod-exec",
        Title = "Role can exec or attach into pods",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "pods/exec and pods/attach run commands in (or attach to) running containers: the subject gets the container's identity, its mounted Secrets and service-account token, and whatever the container can reach.",
        Remediation = "Remove create and get on pods/exec and pods/attach; use it only from a break-glass role bound for the time needed.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["pods", "pods/log"]
                verbs: ["get", "list"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create or get on pods/exec or pods/attach; a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without pods/exec or pods/attach access, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
            new("Kubernetes docs", "Privilege escalation risks: exec", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks"),
        ],
    };

    // kubectl exec is a POST (create); WebSocket clients open it with GET, which RBAC checks as get.
    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        var found = new[] { "pods/exec", "pods/attach" }
            .Select(r => (r, Verbs: Rbac.AllowedVerbs(rule, "", r, "create", "get")))
            .Where(x => x.Verbs.Count > 0)
            .Select(x => $"{Rbac.Verbs(x.Verbs)} on {x.r}")
            .ToList();
        return found.Count == 0 ? null : "allows " + string.Join(" and ", found);
    }
}
