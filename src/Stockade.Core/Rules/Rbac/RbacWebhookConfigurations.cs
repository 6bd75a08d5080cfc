using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can change admission webhook configurations.</summary>
internal sealed class RbacWebhookConfigurations : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-webhook-configurations",
        Title = "Role can change admission webhook configurations",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "Whoever edits MutatingWebhookConfigurations or ValidatingWebhookConfigurations can switch admission checks off, or send every object (Secrets included) to a webhook of their own that rewrites pods as it likes.",
        Remediation = "Keep write access to admission webhook configurations with cluster administrators and the operators that own the webhooks (by resourceNames).",
        RemediationYaml = """
            rules:
              - apiGroups: ["admissionregistration.k8s.io"]
                resources: ["validatingwebhookconfigurations"]
                verbs: ["get", "list", "watch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create, update, patch, delete or deletecollection on mutatingwebhookconfigurations or validatingwebhookconfigurations (admissionregistration.k8s.io); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without write access to webhook configurations, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.12 Minimize access to webhook configuration objects"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role)
    {
        var found = new[] { "mutatingwebhookconfigurations", "validatingwebhookconfigurations" }
            .Select(r => (r, Verbs: Rbac.AllowedVerbs(rule, "admissionregistration.k8s.io", r, "create", "update", "patch", "delete", "deletecollection")))
            .Where(x => x.Verbs.Count > 0)
            .Select(x => $"{Rbac.Verbs(x.Verbs)} on {x.r}")
            .ToList();
        return found.Count == 0 ? null : "allows " + string.Join(" and ", found);
    }
}
