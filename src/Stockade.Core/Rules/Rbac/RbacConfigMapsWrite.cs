using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can create, change or delete ConfigMaps.</summary>
internal sealed class RbacConfigMapsWrite : ResourcePermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-configmaps-write",
        Title = "Role can create, change or delete ConfigMaps",
        Severity = Severity.Low,
        Category = "rbac",
        // Many applications and leader-election libraries write ConfigMaps of their own: on in audits, noise on one chart in CI.
        EnabledByDefault = false,
        Rationale = "ConfigMaps carry the configuration workloads load at start or watch at run time: proxy and DNS settings, feature switches, scripts mounted and executed, and on managed clusters who may log in (aws-auth). Write access to every ConfigMap of a scope changes what the workloads there do; rbac-sensitive-configmaps-write reports the ConfigMaps that control the cluster itself.",
        Remediation = "Narrow update and patch to the ConfigMaps the subject owns with resourceNames, and leave create to the deployment pipeline.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["configmaps"]
                resourceNames: ["storefront-feature-flags"]
                verbs: ["get", "update", "patch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create, update, patch, delete or deletecollection on configmaps for every ConfigMap (resourceNames unset); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without write access to configmaps, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("Trivy", "KSV-0049"),
        ],
    };

    protected override IReadOnlyList<(string Group, string Resource)> Resources { get; } = [("", "configmaps")];

    protected override string[] Verbs => Rbac.WriteVerbs;
}
