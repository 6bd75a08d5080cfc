namespace Stockade.Cel.Values;

/// <summary>
/// A CEL map. Keys are int, uint, bool or string; an int and a uint key of the same value are the
/// same key (heterogeneous equality, as cel-go), so lookups go through <see cref="CelKey"/>.
/// </summary>
internal abstract class CelMap
{
    public abstract int Count { get; }
    public abstract bool TryGet(object key, out object value);
    public abstract IEnumerable<object> Keys { get; }
}

/// <summary>A map built by a literal or handed in by the host.</summary>
internal sealed class DictMap : CelMap
{
    private readonly Dictionary<object, object> _entries;
    private readonly List<object> _order;

    public DictMap(int capacity = 0)
    {
        _entries = new Dictionary<object, object>(capacity, CelKey.Comparer);
        _order = new List<object>(capacity);
    }

    /// <summary>Adds a key; false when it is already present.</summary>
    public bool TryAdd(object key, object value)
    {
        if (!_entries.TryAdd(CelKey.Normalize(key), value)) return false;
        _order.Add(key);
        return true;
    }

    public override int Count => _entries.Count;
    public override bool TryGet(object key, out object value)
    {
        if (CelKey.TryNormalizeLookup(key, out var k) && _entries.TryGetValue(k, out value!)) return true;
        value = null!;
        return false;
    }
    public override IEnumerable<object> Keys => _order;
}

/// <summary>Key normalisation: integral keys are held as long when they fit, else ulong.</summary>
internal static class CelKey
{
    public static readonly IEqualityComparer<object> Comparer = EqualityComparer<object>.Default;

    public static object Normalize(object key) => key switch
    {
        ulong u when u <= long.MaxValue => (long)u,
        _ => key,
    };

    /// <summary>A double key looks up its integral value (cel-go); other kinds never match.</summary>
    public static bool TryNormalizeLookup(object key, out object normalized)
    {
        switch (key)
        {
            case string or long or bool: normalized = key; return true;
            case ulong u: normalized = Normalize(u); return true;
            case double d when d == Math.Floor(d) && d >= -9.2233720368547758E18 && d < 9.2233720368547758E18:
                normalized = (long)d; return true;
            case double d when d == Math.Floor(d) && d >= 0 && d < 1.8446744073709552E19:
                normalized = (ulong)d; return true;
            default: normalized = key; return false;
        }
    }
}
