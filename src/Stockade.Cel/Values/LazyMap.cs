namespace Stockade.Cel.Values;

/// <summary>
/// A map made the first time an expression reads it: most policies never read <c>request</c>,
/// and building it for every object and policy would be work for nothing.
/// </summary>
internal sealed class LazyMap(Func<CelMap> make) : CelMap
{
    private CelMap? _map;

    private CelMap Map => _map ??= make();

    public override int Count => Map.Count;
    public override bool TryGet(object key, out object value) => Map.TryGet(key, out value);
    public override IEnumerable<object> Keys => Map.Keys;
}

/// <summary>A map without some of its keys (the review's request without the object it carries: <c>object</c> is a variable of its own).</summary>
internal sealed class MapWithout(CelMap inner, IReadOnlySet<string> hidden) : CelMap
{
    public override int Count => Keys.Count();
    public override bool TryGet(object key, out object value)
    {
        if (key is string s && hidden.Contains(s))
        {
            value = null!;
            return false;
        }
        return inner.TryGet(key, out value);
    }
    public override IEnumerable<object> Keys => inner.Keys.Where(k => k is not string s || !hidden.Contains(s));
}
