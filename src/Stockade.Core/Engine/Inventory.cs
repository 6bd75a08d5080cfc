namespace Stockade.Engine;

/// <summary>Every object of a scan, in input order, as <see cref="InventoryEntry"/> records.</summary>
internal sealed class Inventory(IReadOnlyList<InventoryEntry> entries)
{
    public IReadOnlyList<InventoryEntry> Entries { get; } = entries;

    public IEnumerable<InventoryEntry> OfKind(string kind) => Entries.Where(e => e.Kind == kind);

    public IEnumerable<(InventoryEntry Entry, T Summary)> With<T>() where T : class =>
        Entries.Where(e => e.Summary is T).Select(e => (e, (T)e.Summary!));

    /// <summary>
    /// The namespaces the scan touches, in the order first seen. An object of a namespaced kind
    /// without <c>metadata.namespace</c> is in the namespace it is applied to, named here by the
    /// empty string (its objects land together whatever namespace that is). A workload of any kind
    /// (a custom resource with a pod template included) is namespaced: its pods live in a namespace.
    /// </summary>
    public IReadOnlyList<NamespaceGroup> Namespaces()
    {
        var groups = new Dictionary<string, NamespaceGroup>(StringComparer.Ordinal);
        var order = new List<NamespaceGroup>();
        foreach (var e in Entries)
        {
            string key;
            if (e.Kind == "Namespace" && e.Ref.ApiVersion == "v1") key = e.Ref.Name ?? "";
            else if (e.Namespace is { Length: > 0 } ns) key = ns;
            else if (NamespacedKinds.Contains(e.Kind) || e.Summary is WorkloadSummary) key = "";
            else continue;
            if (!groups.TryGetValue(key, out var group))
            {
                group = new NamespaceGroup(key);
                groups[key] = group;
                order.Add(group);
            }
            if (e.Kind == "Namespace" && e.Ref.ApiVersion == "v1") group.Namespace ??= e;
            else group.Members.Add(e);
        }
        return order;
    }

    /// <summary>Kinds that always live in a namespace, so an unset namespace means "the one it is applied to".</summary>
    public static readonly IReadOnlySet<string> NamespacedKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "Pod", "PodTemplate", "ReplicationController", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet",
        "Job", "CronJob", "Service", "ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding",
        "NetworkPolicy", "ResourceQuota", "LimitRange", "Ingress", "PersistentVolumeClaim",
        "HorizontalPodAutoscaler", "PodDisruptionBudget", "Endpoints", "EndpointSlice", "Lease", "Event",
    };
}

/// <summary>One namespace of a scan: its Namespace object when scanned, and the objects in it.</summary>
internal sealed class NamespaceGroup(string name)
{
    /// <summary>The namespace's name; empty for objects without <c>metadata.namespace</c>.</summary>
    public string Name { get; } = name;
    public InventoryEntry? Namespace { get; set; }
    public List<InventoryEntry> Members { get; } = new();

    /// <summary>Where findings about the namespace go: the Namespace object, else its first object.</summary>
    public InventoryEntry Anchor => Namespace ?? Members[0];

    /// <summary>How messages name it.</summary>
    public string Display => Name.Length == 0 ? "the namespace these objects are applied to (metadata.namespace unset)" : $"namespace \"{Name}\"";

    public IEnumerable<(InventoryEntry Entry, T Summary)> With<T>() where T : class =>
        Members.Where(e => e.Summary is T).Select(e => (e, (T)e.Summary!));

    public bool Has(string kind) => Members.Any(e => e.Kind == kind);
}
