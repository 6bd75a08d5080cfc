using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can create PersistentVolumes.</summary>
public sealed class RbacCreatePersistentVolumes : PermissionRule
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
        References =
        [
            new("CIS", "5.1.9 Minimize access to create persistent volumes"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    protected override string? Describe(PolicyRuleSummary rule, RoleSummary role) =>
        Rbac.AllowedVerbs(rule, "", "persistentvolumes", "create").Count > 0 ? "allows create on persistentvolumes" : null;
}
