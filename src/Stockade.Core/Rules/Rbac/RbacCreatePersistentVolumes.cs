using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can create PersistentVolumes.</summary>
internal sealed class RbacCreatePersistentVolumes : PermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-create-persistentvolumes",
        Title = "Role can create PersistentVolumes",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "A PersistentVolume can be a hostPath: whoever creates one, then claims it from a pod, mounts any directory of the node — Pod Security admission does not see it, as the pod only names a claim.",
        Remediation = "Let a storage provisioner create PersistentVolumes; give users PersistentVolumeClaims.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["persistentvolumeclaims"]
                verbs: ["create", "get", "list"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create on persistentvolumes (core group); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without create on persistentvolumes, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.9 Minimize access to create persistent volumes"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role) =>
        Rbac.AllowedVerbs(rule, "", "persistentvolumes", "create").Count > 0 ? "allows create on persistentvolumes" : null;
}
