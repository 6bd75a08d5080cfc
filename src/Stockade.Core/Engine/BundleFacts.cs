using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>A ServiceAccount of the bundle and its <c>automountServiceAccountToken</c> (null when unset).</summary>
internal sealed record ServiceAccountFact(string Namespace, string Name, bool? Automount, string File, int Line);

/// <summary>
/// The container defaults of one LimitRange, as the API server stores them: <c>default</c> (else
/// <c>max</c>) for limits, <c>defaultRequest</c> (else the default limit, else <c>min</c>) for requests
/// — <c>SetDefaults_LimitRangeItem</c> in pkg/apis/core/v1/defaults.go.
/// </summary>
internal sealed record LimitRangeDefaults(string Namespace, string Name, IReadOnlyDictionary<string, string> Limits, IReadOnlyDictionary<string, string> Requests, string File, int Line);

/// <summary>
/// What the API server will apply from other objects of the bundle when the pods are created:
/// the ServiceAccounts' token automounting and the LimitRanges' container defaults. Gathered while the
/// input is read (<see cref="ScanOptions.BundleFromInput"/>: the findings that depend on them are
/// settled once the whole input is read), or listed first by a live audit; a scan
/// without it (<see cref="ScanOptions.Bundle"/> null) says what it cannot know.
/// Namespaces are keyed as the inventory keys them: unset is "the namespace it is applied to" (empty).
/// </summary>
internal sealed class BundleFacts
{
    /// <summary>The kinds the facts come from.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["ServiceAccount", "LimitRange"];

    private readonly Dictionary<(string, string), ServiceAccountFact> _serviceAccounts = new();
    private readonly List<LimitRangeDefaults> _limitRanges = new();

    public static BundleFacts Empty { get; } = new();

    public static BundleFacts From(IEnumerable<KubeObject> objects)
    {
        var facts = new BundleFacts();
        foreach (var obj in objects)
        {
            // An object the API server would reject never exists, so it defaults nothing.
            if (obj.Decode.HasErrors) continue;
            var ctx = new DecodeContext(obj.Document.IsJson);
            var ns = NamespaceKey(obj.Namespace);
            var name = obj.Name.IsSet ? obj.Name.Value : "";
            if (obj is { Kind: "ServiceAccount", ApiVersion: "v1" })
            {
                var automount = ctx.Bool(obj.Root, "automountServiceAccountToken", obj.PathPrefix);
                if (ctx.HasErrors) continue;
                facts._serviceAccounts.TryAdd((ns, name), new ServiceAccountFact(ns, name, automount.IsSet ? automount.Value : null, obj.File, obj.Position.Line));
            }
            else if (obj is { Kind: "LimitRange", ApiVersion: "v1" } && LimitRange(obj, ctx, ns, name) is { } range && !ctx.HasErrors)
            {
                facts._limitRanges.Add(range);
            }
        }
        return facts;
    }

    /// <summary>Adds the facts of objects that come after those already here (the input is read in order).</summary>
    internal void Add(BundleFacts later)
    {
        foreach (var (key, account) in later._serviceAccounts) _serviceAccounts.TryAdd(key, account);
        _limitRanges.AddRange(later._limitRanges);
    }

    public static string NamespaceKey(Field<string> ns) => ns.IsSet ? ns.Value : "";

    public ServiceAccountFact? ServiceAccount(string ns, string name) => _serviceAccounts.GetValueOrDefault((ns, name));

    /// <summary>
    /// The LimitRange whose container default LimitRanger applies for <paramref name="resource"/>,
    /// and the value: the first of the namespace in input order (LimitRanger applies each range in
    /// turn, and a value set by one is not overwritten by the next).
    /// </summary>
    public (LimitRangeDefaults Range, string Value)? ContainerDefault(string ns, string resource, bool limit)
    {
        foreach (var range in _limitRanges)
        {
            if (range.Namespace != ns) continue;
            if ((limit ? range.Limits : range.Requests).TryGetValue(resource, out var value)) return (range, value);
        }
        return null;
    }

    private static LimitRangeDefaults? LimitRange(KubeObject obj, DecodeContext ctx, string ns, string name)
    {
        var spec = ctx.Mapping(obj.Root, "spec", obj.PathPrefix);
        var limits = new Dictionary<string, string>(StringComparer.Ordinal);
        var requests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, path, _) in ctx.MappingItems(spec, "limits", FieldPaths.Join(obj.PathPrefix, "spec")))
        {
            if (ctx.String(item, "type", path).Value != "Container") continue;
            var @default = Quantities(ctx, item, "default", path);
            foreach (var (k, v) in Quantities(ctx, item, "max", path)) @default.TryAdd(k, v);
            var defaultRequest = Quantities(ctx, item, "defaultRequest", path);
            foreach (var (k, v) in @default) defaultRequest.TryAdd(k, v);
            foreach (var (k, v) in Quantities(ctx, item, "min", path)) defaultRequest.TryAdd(k, v);
            // defaultContainerResourceRequirements: a later Container item of the same range overwrites.
            foreach (var (k, v) in @default) limits[k] = v;
            foreach (var (k, v) in defaultRequest) requests[k] = v;
        }
        return limits.Count == 0 && requests.Count == 0 ? null : new LimitRangeDefaults(ns, name, limits, requests, obj.File, obj.Position.Line);
    }

    private static Dictionary<string, string> Quantities(DecodeContext ctx, YMapping item, string key, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var map = ctx.Mapping(item, key, path);
        if (map == null) return result;
        foreach (var e in map.Entries)
        {
            var q = ctx.Quantity(map, e, FieldPaths.Join(path, key));
            if (q.IsSet) result.TryAdd(e.Key, q.Value);
        }
        return result;
    }
}
