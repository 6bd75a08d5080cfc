using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockade.Cel.Values;

/// <summary>
/// JSON as CEL sees an admission request's `object` (dyn): objects are maps with string keys,
/// arrays are lists, integral numbers are int (as Kubernetes' unstructured decoding makes them int64),
/// other numbers double. Wrapped lazily: nothing is copied until an expression reaches it.
/// </summary>
internal static class CelJson
{
    public static object FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => new JsonElementMap(e),
        JsonValueKind.Array => new JsonElementList(e),
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => CelBool.True,
        JsonValueKind.False => CelBool.False,
        _ => CelNull.Value,
    };

    public static object FromNode(JsonNode? n) => n switch
    {
        null => CelNull.Value,
        JsonObject o => new JsonNodeMap(o),
        JsonArray a => new JsonNodeList(a),
        JsonValue v => FromValue(v),
        _ => CelNull.Value,
    };

    // A JsonValue built in code (JsonValue.Create) holds a CLR value, not a JsonElement.
    private static object FromValue(JsonValue v)
    {
        if (v.TryGetValue<JsonElement>(out var e)) return FromElement(e);
        if (v.TryGetValue<string>(out var s)) return s;
        if (v.TryGetValue<bool>(out var b)) return CelBool.Of(b);
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return (long)i;
        if (v.TryGetValue<double>(out var d)) return d;
        using var doc = JsonDocument.Parse(v.ToJsonString());
        return FromElement(doc.RootElement.Clone());
    }
}

internal static class CelBool
{
    public static readonly object True = true, False = false;
    public static object Of(bool b) => b ? True : False;
}

internal sealed class JsonElementMap(JsonElement e) : CelMap
{
    private int _count = -1;
    public override int Count => _count >= 0 ? _count : _count = e.EnumerateObject().Count();
    public override bool TryGet(object key, out object value)
    {
        if (key is string s && e.TryGetProperty(s, out var p))
        {
            value = CelJson.FromElement(p);
            return true;
        }
        value = null!;
        return false;
    }
    public override IEnumerable<object> Keys => e.EnumerateObject().Select(p => (object)p.Name);
}

internal sealed class JsonElementList(JsonElement e) : IReadOnlyList<object>
{
    private int _count = -1;
    public int Count => _count >= 0 ? _count : _count = e.GetArrayLength();
    public object this[int index] => CelJson.FromElement(e[index]);
    public IEnumerator<object> GetEnumerator()
    {
        foreach (var item in e.EnumerateArray()) yield return CelJson.FromElement(item);
    }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

internal sealed class JsonNodeMap(JsonObject o) : CelMap
{
    public override int Count => o.Count;
    public override bool TryGet(object key, out object value)
    {
        if (key is string s && o.TryGetPropertyValue(s, out var p))
        {
            value = CelJson.FromNode(p);
            return true;
        }
        value = null!;
        return false;
    }
    public override IEnumerable<object> Keys => o.Select(p => (object)p.Key);
}

internal sealed class JsonNodeList(JsonArray a) : IReadOnlyList<object>
{
    public int Count => a.Count;
    public object this[int index] => CelJson.FromNode(a[index]);
    public IEnumerator<object> GetEnumerator()
    {
        foreach (var item in a) yield return CelJson.FromNode(item);
    }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
