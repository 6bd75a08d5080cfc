using Stockade.Config;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>
/// What the inventory keeps of one scanned object: its identity, where it was written, its labels
/// and a small per-kind summary — never the object's tree, so a scan of a large dump stays small.
/// </summary>
internal sealed record InventoryEntry
{
    public required ObjectRef Ref { get; init; }
    public required string File { get; init; }
    public required SourcePosition Position { get; init; }

    /// <summary>Where the object sits in its document: empty, or <c>items[3]</c>.</summary>
    public required string PathPrefix { get; init; }
    /// <summary>The object's labels, kept for RBAC objects only (the one place inventory rules read them).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The per-kind summary (<see cref="RoleSummary"/>, <see cref="BindingSummary"/>…), or null.</summary>
    public object? Summary { get; init; }

    /// <summary>Exemptions written in the object's annotations, applied to inventory findings at it.</summary>
    public IReadOnlyList<Exemption> Exemptions { get; init; } = [];

    /// <summary>True when the API server would reject the object: it never exists, so inventory rules do not see it.</summary>
    public bool Rejected { get; init; }

    public string Kind => Ref.Kind;
    public string? Namespace => Ref.Namespace;
    public string Name => Ref.Name ?? "(unnamed)";

    public string PathOf(string relative) => PathPrefix.Length == 0 ? relative : FieldPaths.Join(PathPrefix, relative);

    /// <summary>
    /// The entry for a scanned object; <paramref name="pod"/> is its pod template, if it is a
    /// workload, and <paramref name="exemptions"/> the object's annotation exemptions the scan honours.
    /// </summary>
    public static InventoryEntry Of(KubeObject obj, PodSubject? pod, IReadOnlyList<Exemption> exemptions, ScanOrigin origin = ScanOrigin.Manifests) => new()
    {
        Ref = obj.Ref,
        File = obj.File,
        Position = obj.Position,
        PathPrefix = obj.PathPrefix,
        // Only RBAC objects' labels are read (Kubernetes' own roles carry kubernetes.io/bootstrapping);
        // copying every object's labels would make a large scan hold them all.
        Labels = obj.Labels.Count == 0 || obj.Group != "rbac.authorization.k8s.io" ? Empty : obj.Labels.ToDictionary(l => l.Key, l => l.Value.Value, StringComparer.Ordinal),
        Summary = InventorySummaries.Of(obj, pod, origin),
        Exemptions = exemptions,
        Rejected = obj.Decode.HasErrors,
    };

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
