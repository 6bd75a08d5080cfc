using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can delete workloads, Secrets, Services, volumes or namespaces.</summary>
internal sealed class RbacDeleteResources : ResourcePermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-delete-resources",
        Title = "Role can delete workloads, Secrets, Services, volumes or namespaces",
        Severity = Severity.Low,
        Category = "rbac",
        // Controllers and operators delete the objects they own as their job: on in audits, noise on one chart in CI.
        EnabledByDefault = false,
        Rationale = "delete and deletecollection on workloads, Services, Secrets, persistent volumes and claims, or namespaces take an application down or destroy its data; deleting a namespace deletes everything in it. Whoever holds them can do it at once and across the whole scope of the grant.",
        Remediation = "Grant delete only to the controller that owns the objects, and to people through a break-glass role; narrow it with resourceNames where the objects are known.",
        RemediationYaml = """
            rules:
              - apiGroups: ["apps"]
                resources: ["deployments"]
                verbs: ["get", "list", "watch", "update"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no delete or deletecollection on pods, replicationcontrollers, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, services, secrets, configmaps, persistentvolumeclaims, persistentvolumes or namespaces for every object (resourceNames unset); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without those delete permissions, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("Kubescape", "C-0007"),
            new("Trivy", "KSV-0048"),
            new("MITRE ATT&CK for Containers", "T1485 Data Destruction"),
        ],
    };

    protected override IReadOnlyList<(string Group, string Resource)> Resources { get; } =
    [
        .. RbacCreateWorkloads.Workloads,
        ("", "services"), ("", "secrets"), ("", "configmaps"), ("", "persistentvolumeclaims"), ("", "persistentvolumes"), ("", "namespaces"),
    ];

    protected override string[] Verbs { get; } = ["delete", "deletecollection"];
}
