using Stockade.Cel.Values;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>A parameter object a binding's <c>paramRef</c> can select.</summary>
internal sealed record VapParam(string ApiVersion, string Kind, string Name, string? Namespace, IReadOnlyDictionary<string, string> Labels, object Value)
{
    public static VapParam From(KubeObject o) => new(o.ApiVersion, o.Kind, o.Name.IsSet ? o.Name.Value : "", o.Namespace.IsSet ? o.Namespace.Value : null,
        o.Labels.ToDictionary(l => l.Key, l => l.Value.Value ?? ""), CelJson.FromNode(TreeJson.From(o.Root)));
}

/// <summary>The objects params are looked up in (the policy files, the bundle, or the cluster).</summary>
internal sealed class VapParamStore(IReadOnlyList<VapParam> objects)
{
    public static readonly VapParamStore Empty = new([]);

    public IReadOnlyList<VapParam> Objects { get; } = objects;

    /// <summary>
    /// The params a binding selects for a request, as upstream resolves <c>paramRef</c>: in
    /// <c>paramRef.namespace</c> when set, else — for a namespaced request — in the request's
    /// namespace (a param without a namespace is cluster-scoped and found from any request).
    /// </summary>
    public IReadOnlyList<VapParam> Select(VapParamKind kind, VapParamRef reference, VapRequest request)
    {
        var candidates = Objects.Where(p => p.Kind == kind.Kind && p.ApiVersion == kind.ApiVersion);
        if (reference.Namespace is { Length: > 0 } ns) candidates = candidates.Where(p => p.Namespace == ns);
        else if (request.Resource.Namespaced) candidates = candidates.Where(p => p.Namespace == null || p.Namespace == request.Namespace);
        else candidates = candidates.Where(p => p.Namespace == null);
        if (reference.Name != null) return candidates.Where(p => p.Name == reference.Name).Take(1).ToList();
        var selector = reference.Selector ?? VapLabelSelector.Everything;
        return candidates.Where(p => selector.Matches(p.Labels)).ToList();
    }
}
