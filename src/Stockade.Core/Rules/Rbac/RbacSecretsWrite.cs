using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can create, change or delete Secrets.</summary>
internal sealed class RbacSecretsWrite : ResourcePermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-secrets-write",
        Title = "Role can create, change or delete Secrets",
        Severity = Severity.High,
        Category = "rbac",
        Rationale = "Creating a Secret of type kubernetes.io/service-account-token that names a ServiceAccount makes the control plane write that account's token into it: create on secrets is every ServiceAccount token of the namespace. update and patch replace credentials that workloads trust (TLS keys, registry and database passwords, webhook CA bundles) with the subject's own; delete and deletecollection take them away from the workloads that mount them.",
        Remediation = "Leave Secret writes to the controllers that own them (cert-manager, an external-secrets operator); where a workload must write one, restrict update and patch with resourceNames and do not grant create.",
        RemediationYaml = """
            rules:
              - apiGroups: [""]
                resources: ["secrets"]
                resourceNames: ["storefront-session-key"]
                verbs: ["get", "update"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create, update, patch, delete or deletecollection on secrets for every Secret (resourceNames unset); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without write access to secrets, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.2 Minimize access to secrets"),
            new("Trivy", "KSV-0041"),
            new("Trivy", "KSV-0113"),
            new("kube-linter", "access-to-secrets"),
            new("Kubernetes docs", "Manually create a long-lived API token for a ServiceAccount", "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#manually-create-an-api-token-for-a-serviceaccount"),
        ],
    };

    protected override IReadOnlyList<(string Group, string Resource)> Resources { get; } = [("", "secrets")];

    protected override string[] Verbs => Rbac.WriteVerbs;
}
