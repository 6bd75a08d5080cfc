using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>Role can create or change pods or workload controllers.</summary>
internal sealed class RbacCreateWorkloads : ResourcePermissionRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-create-workloads",
        Title = "Role can create or change pods or workload controllers",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "Whoever can create a pod (directly or through a Deployment, Job, DaemonSet…) can run it with any service account of the namespace and mount any Secret, ConfigMap or volume there: create pods is read access to every Secret of the namespace, and more where admission allows privileged pods. update and patch are the same power: they replace a controller's pod template, or a pod's image, with one the subject wrote.",
        Remediation = "Let a deployment pipeline (GitOps controller) create workloads; give people read access. Where creation is needed, enforce Pod Security admission in the namespace.",
        RemediationYaml = """
            rules:
              - apiGroups: ["apps"]
                resources: ["deployments"]
                verbs: ["get", "list", "watch"]
            """,
        Fields =
        [
            new("Role / ClusterRole rules[*].apiGroups, resources, verbs (ClusterRoles aggregated into others included)", "no create, update or patch on pods, replicationcontrollers, deployments/replicasets/statefulsets/daemonsets (apps), jobs/cronjobs (batch), deployments/replicasets/daemonsets (extensions); a rule with * verbs, resources and apiGroups is left to rbac-wildcard"),
            new("RoleBinding / ClusterRoleBinding roleRef, subjects[*] (bindings of built-in roles)", "a built-in role without create, update or patch on workloads, or only the bootstrap binding's own subjects"),
        ],
        References =
        [
            new("CIS", "5.1.4 Minimize access to create pods"),
            new("Trivy", "KSV-0048"),
            new("Kubescape", "C-0188"),
            new("kube-linter", "access-to-create-pods"),
            new("Kubernetes docs", "RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"),
        ],
    };

    /// <summary>Pods and the built-in controllers that create them from a template.</summary>
    public static readonly (string Group, string Resource)[] Workloads =
    [
        ("", "pods"), ("", "replicationcontrollers"), ("apps", "deployments"), ("apps", "replicasets"), ("apps", "statefulsets"),
        ("apps", "daemonsets"), ("batch", "jobs"), ("batch", "cronjobs"), ("extensions", "deployments"), ("extensions", "replicasets"), ("extensions", "daemonsets"),
    ];

    protected override IReadOnlyList<(string Group, string Resource)> Resources => Workloads;

    // update and patch change a controller's pod template (or a pod's image): the same power as create.
    protected override string[] Verbs { get; } = ["create", "update", "patch"];
}
