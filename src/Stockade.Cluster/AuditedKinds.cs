using System.Text.Json;

namespace Stockade.Cluster;

/// <summary>
/// What a live audit reads. Workloads are read at the controller that owns the pod template
/// (a Deployment, not its ReplicaSets and pods), so each finding is reported once, where it is fixed.
/// </summary>
internal static class AuditedKinds
{
    /// <summary>Namespaces (filtered to the audited one, if any): read first by the namespace profile for their Pod Security labels.</summary>
    public static AuditedKind Namespaces { get; } = new("namespaces", "v1", "Namespace", false);

    public static IReadOnlyList<AuditedKind> All { get; } =
    [
        Namespaces,
        new("deployments", "apps/v1", "Deployment", true),
        new("statefulsets", "apps/v1", "StatefulSet", true),
        new("daemonsets", "apps/v1", "DaemonSet", true),
        new("replicasets", "apps/v1", "ReplicaSet", true, NotControlled),
        new("cronjobs", "batch/v1", "CronJob", true),
        new("jobs", "batch/v1", "Job", true, NotControlled),
        new("pods", "v1", "Pod", true, NotControlled),
        new("serviceaccounts", "v1", "ServiceAccount", true),
        new("roles", "rbac.authorization.k8s.io/v1", "Role", true),
        new("rolebindings", "rbac.authorization.k8s.io/v1", "RoleBinding", true),
        new("clusterroles", "rbac.authorization.k8s.io/v1", "ClusterRole", false),
        new("clusterrolebindings", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false),
        new("networkpolicies", "networking.k8s.io/v1", "NetworkPolicy", true),
        new("resourcequotas", "v1", "ResourceQuota", true),
        new("limitranges", "v1", "LimitRange", true),
    ];

    /// <summary>
    /// Objects a controller owns (a Deployment's ReplicaSets, a CronJob's Jobs, any controller's
    /// pods) carry a copy of the owner's template: the owner is audited instead.
    /// </summary>
    private static bool NotControlled(JsonElement item) =>
        !(item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
          && metadata.TryGetProperty("ownerReferences", out var owners) && owners.ValueKind == JsonValueKind.Array
          && owners.EnumerateArray().Any(o => o.ValueKind == JsonValueKind.Object && o.TryGetProperty("controller", out var c) && c.ValueKind == JsonValueKind.True));
}
