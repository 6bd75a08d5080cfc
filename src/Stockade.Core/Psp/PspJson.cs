using System.Globalization;
using System.Text.Json.Nodes;
using Stockade.Json;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>JSON helpers for the mutation output: pointer writes, RFC 6902 diff.</summary>
internal static class PspJson
{
    /// <summary>Sets the value at a JSON pointer, creating missing objects on the way.</summary>
    public static void Set(JsonNode root, string pointer, JsonNode? value)
    {
        var parts = pointer.Split('/').Skip(1).Select(JsonPointer.Unescape).ToList();
        var node = root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            var part = parts[i];
            if (node is JsonArray arr) node = arr[int.Parse(part, CultureInfo.InvariantCulture)]!;
            else
            {
                var obj = (JsonObject)node;
                if (obj[part] is not JsonNode child) obj[part] = child = new JsonObject();
                node = child;
            }
        }
        ((JsonObject)node)[parts[^1]] = value?.DeepClone();
    }

    /// <summary>
    /// RFC 6902 operations turning <paramref name="before"/> into <paramref name="after"/>: <c>add</c>
    /// for new keys (whole objects when the parent is new), <c>replace</c> for changed values,
    /// <c>remove</c> for dropped keys; lists of different length are replaced whole.
    /// </summary>
    public static JsonArray Diff(JsonNode? before, JsonNode? after)
    {
        var ops = new JsonArray();
        DiffInto(before, after, "", ops);
        return ops;
    }

    private static void DiffInto(JsonNode? before, JsonNode? after, string path, JsonArray ops)
    {
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var (key, value) in b)
            {
                if (!a.ContainsKey(key)) ops.Add((JsonNode)Op("remove", $"{path}/{JsonPointer.Escape(key)}", null, withValue: false));
            }
            foreach (var (key, value) in a)
            {
                var p = $"{path}/{JsonPointer.Escape(key)}";
                if (!b.ContainsKey(key)) ops.Add((JsonNode)Op("add", p, value));
                else DiffInto(b[key], value, p, ops);
            }
            return;
        }
        if (before is JsonArray ba && after is JsonArray aa && ba.Count == aa.Count)
        {
            for (var i = 0; i < ba.Count; i++) DiffInto(ba[i], aa[i], $"{path}/{i}", ops);
            return;
        }
        if (!JsonNode.DeepEquals(before, after)) ops.Add((JsonNode)Op("replace", path, after));
    }

    private static JsonObject Op(string op, string path, JsonNode? value, bool withValue = true)
    {
        var o = new JsonObject { ["op"] = op, ["path"] = path };
        if (withValue) o["value"] = value?.DeepClone();
        return o;
    }
}
