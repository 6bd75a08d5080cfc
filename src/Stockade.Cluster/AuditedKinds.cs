using k8s;
using k8s.Models;

namespace Stockade.Cluster;

/// <summary>
/// What a live audit reads. Workloads are read at the controller that owns the pod template
/// (a Deployment, not its ReplicaSets and pods), so each finding is reported once, where it is fixed.
/// </summary>
public static class AuditedKinds
{
    /// <summary>Namespaces (filtered to the audited one, if any): read first by the namespace profile for their Pod Security labels.</summary>
    public static AuditedKind Namespaces { get; } = new("namespaces", "v1", "Namespace", false,
        async (c, ns, limit, cont, ct) => Page(await (c.CoreV1.ListNamespaceAsync(fieldSelector: ns == null ? null : $"metadata.name={ns}", limit: limit, continueParameter: cont, cancellationToken: ct))));

    public static IReadOnlyList<AuditedKind> All { get; } =
    [
        Namespaces,
        new("deployments", "apps/v1", "Deployment", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.AppsV1.ListDeploymentForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.AppsV1.ListNamespacedDeploymentAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("statefulsets", "apps/v1", "StatefulSet", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.AppsV1.ListStatefulSetForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.AppsV1.ListNamespacedStatefulSetAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("daemonsets", "apps/v1", "DaemonSet", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.AppsV1.ListDaemonSetForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.AppsV1.ListNamespacedDaemonSetAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("replicasets", "apps/v1", "ReplicaSet", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.AppsV1.ListReplicaSetForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.AppsV1.ListNamespacedReplicaSetAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct))),
            NotControlled),
        new("cronjobs", "batch/v1", "CronJob", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.BatchV1.ListCronJobForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.BatchV1.ListNamespacedCronJobAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("jobs", "batch/v1", "Job", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.BatchV1.ListJobForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.BatchV1.ListNamespacedJobAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct))),
            NotControlled),
        new("pods", "v1", "Pod", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.CoreV1.ListPodForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.CoreV1.ListNamespacedPodAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct))),
            NotControlled),
        new("serviceaccounts", "v1", "ServiceAccount", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.CoreV1.ListServiceAccountForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.CoreV1.ListNamespacedServiceAccountAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("roles", "rbac.authorization.k8s.io/v1", "Role", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.RbacAuthorizationV1.ListRoleForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.RbacAuthorizationV1.ListNamespacedRoleAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("rolebindings", "rbac.authorization.k8s.io/v1", "RoleBinding", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("clusterroles", "rbac.authorization.k8s.io/v1", "ClusterRole", false,
            async (c, _, limit, cont, ct) => Page(await (c.RbacAuthorizationV1.ListClusterRoleAsync(limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("clusterrolebindings", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false,
            async (c, _, limit, cont, ct) => Page(await (c.RbacAuthorizationV1.ListClusterRoleBindingAsync(limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("networkpolicies", "networking.k8s.io/v1", "NetworkPolicy", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("resourcequotas", "v1", "ResourceQuota", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.CoreV1.ListResourceQuotaForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.CoreV1.ListNamespacedResourceQuotaAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
        new("limitranges", "v1", "LimitRange", true,
            async (c, ns, limit, cont, ct) => Page(await (ns == null
                ? c.CoreV1.ListLimitRangeForAllNamespacesAsync(limit: limit, continueParameter: cont, cancellationToken: ct)
                : c.CoreV1.ListNamespacedLimitRangeAsync(ns, limit: limit, continueParameter: cont, cancellationToken: ct)))),
    ];

    /// <summary>
    /// Objects a controller owns (a Deployment's ReplicaSets, a CronJob's Jobs, any controller's
    /// pods) carry a copy of the owner's template: the owner is audited instead.
    /// </summary>
    private static bool NotControlled(IKubernetesObject<V1ObjectMeta> item) =>
        item.Metadata?.OwnerReferences?.Any(o => o.Controller == true) != true;

    private static ListPage Page<TItem>(IItems<TItem> list)
        where TItem : IKubernetesObject<V1ObjectMeta>
    {
        var next = (list as IMetadata<V1ListMeta>)?.Metadata?.ContinueProperty;
        return new ListPage(list.Items?.Cast<IKubernetesObject<V1ObjectMeta>>().ToList() ?? [], string.IsNullOrEmpty(next) ? null : next);
    }
}
