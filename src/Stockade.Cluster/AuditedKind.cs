using k8s;
using k8s.Models;

namespace Stockade.Cluster;

/// <summary>One page of a list call: its items, and the token for the next page (null on the last).</summary>
public sealed record ListPage(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Items, string? Continue);

/// <summary>
/// A kind the audit lists. Items come back from list calls without <c>apiVersion</c> and
/// <c>kind</c>, so they are stamped with them before they are scanned.
/// </summary>
/// <param name="Resource">The plural resource name, as in RBAC and <c>kubectl get</c>.</param>
/// <param name="List">Lists one page: namespace (null: all), page size, continue token.</param>
/// <param name="Include">Which items are audited; others are audited through their owner.</param>
public sealed record AuditedKind(
    string Resource,
    string ApiVersion,
    string Kind,
    bool Namespaced,
    Func<IKubernetes, string?, int, string?, CancellationToken, Task<ListPage>> List,
    Func<IKubernetesObject<V1ObjectMeta>, bool>? Include = null)
{
    public bool Includes(IKubernetesObject<V1ObjectMeta> item) => Include?.Invoke(item) ?? true;
}
