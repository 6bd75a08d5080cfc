using System.Globalization;
using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>An object the API server would reject, with where and why.</summary>
internal readonly record struct DecodeError(SourcePosition Position, string Path, string Message);

/// <summary>
/// Reads typed fields from the tree with the API server's type rules (sigs.k8s.io/yaml turns
/// YAML into JSON, then Go's JSON decoder fills the typed object): a quoted <c>"true"</c> is not
/// a boolean, <c>yes</c> is; a number is not a string; an integer field takes a whole number in
/// range. Type mismatches are collected as errors, never read as a safe default.
/// </summary>
internal sealed class DecodeContext
{
    private List<DecodeError>? _errors;

    public DecodeContext(bool isJson) => IsJson = isJson;

    /// <summary>The document was JSON: numbers follow JSON's rules (no <c>1e3</c> for an integer).</summary>
    public bool IsJson { get; }

    public IReadOnlyList<DecodeError> Errors => (IReadOnlyList<DecodeError>?)_errors ?? [];

    public bool HasErrors => _errors is { Count: > 0 };

    public void Error(SourcePosition position, string path, string message) =>
        (_errors ??= new List<DecodeError>()).Add(new DecodeError(position, path, message));

    private void TypeError(YNode value, string path, string expected) =>
        Error(value.Position, path, $"{path}: expected {expected}, got {Describe(value)}; the API server rejects this object");

    public static string Describe(YNode node) => node switch
    {
        YScalar s when s.Kind == ScalarKind.String => $"string \"{Truncate(s.Text)}\"",
        YScalar s => $"{s.KindName} {Truncate(s.Text)}",
        YMapping => "a mapping",
        YSequence => "a list",
        _ => "a value",
    };

    private static string Truncate(string s) => s.Length > 60 ? s[..57] + "..." : s;

    private static bool IsNull(YNode node) => node is YScalar { Kind: ScalarKind.Null };

    public Field<bool> Bool(YMapping? owner, string key, string ownerPath)
    {
        if (owner == null || !owner.TryGetEntry(key, out var e) || IsNull(e.Value)) return default;
        if (e.Value is YScalar { Kind: ScalarKind.Bool } s) return new Field<bool>(s.BoolValue, e.KeyPosition, ownerPath, key);
        TypeError(e.Value, FieldPaths.Join(ownerPath, key), "a boolean (true or false)");
        return default;
    }

    public Field<string> String(YMapping? owner, string key, string ownerPath)
    {
        if (owner == null || !owner.TryGetEntry(key, out var e) || IsNull(e.Value)) return default;
        if (e.Value is YScalar { Kind: ScalarKind.String } s) return new Field<string>(s.Text, e.KeyPosition, ownerPath, key);
        TypeError(e.Value, FieldPaths.Join(ownerPath, key), "a string");
        return default;
    }

    public Field<long> Int64(YMapping? owner, string key, string ownerPath) => Integer(owner, key, ownerPath, long.MinValue, long.MaxValue, "a 64-bit integer");

    public Field<long> Int32(YMapping? owner, string key, string ownerPath) => Integer(owner, key, ownerPath, int.MinValue, int.MaxValue, "a 32-bit integer");

    private Field<long> Integer(YMapping? owner, string key, string ownerPath, long min, long max, string expected)
    {
        if (owner == null || !owner.TryGetEntry(key, out var e) || IsNull(e.Value)) return default;
        var path = FieldPaths.Join(ownerPath, key);
        if (e.Value is YScalar s && TryInteger(s, out var v) && v >= min && v <= max) return new Field<long>(v, e.KeyPosition, ownerPath, key);
        TypeError(e.Value, path, expected);
        return default;
    }

    /// <summary>An integer element of a list (e.g. supplementalGroups).</summary>
    public bool TryInt64Item(YNode item, string path, out long value)
    {
        if (item is YScalar s && TryInteger(s, out value)) return true;
        value = 0;
        TypeError(item, path, "a 64-bit integer");
        return false;
    }

    private bool TryInteger(YScalar s, out long value)
    {
        value = 0;
        switch (s.Kind)
        {
            case ScalarKind.Int when !s.IntOutOfRange:
                value = s.IntValue;
                return true;
            // YAML→JSON prints an integral float64 below 1e21 as a plain integer, which Go then
            // decodes into an integer field: `runAsUser: 1e3` is 1000 to the API server.
            case ScalarKind.Float when !IsJson && double.IsFinite(s.FloatValue) && Math.Floor(s.FloatValue) == s.FloatValue
                                      && s.FloatValue >= -9223372036854775808.0 && s.FloatValue < 9223372036854775808.0:
                value = (long)s.FloatValue;
                return true;
            default:
                return false;
        }
    }

    public YMapping? Mapping(YMapping? owner, string key, string ownerPath)
    {
        if (owner == null || !owner.TryGetEntry(key, out var e) || IsNull(e.Value)) return null;
        if (e.Value is YMapping m) return m;
        TypeError(e.Value, FieldPaths.Join(ownerPath, key), "a mapping");
        return null;
    }

    /// <summary>
    /// The mapping at <paramref name="key"/> read by <paramref name="read"/> (given the mapping and
    /// its path), or null when it is absent or null (not a mapping: reported, and null).
    /// </summary>
    public T? Nested<T>(YMapping? owner, string key, string ownerPath, Func<YMapping, string, DecodeContext, T> read) where T : class
    {
        var m = Mapping(owner, key, ownerPath);
        return m == null ? null : read(m, FieldPaths.Join(ownerPath, key), this);
    }

    public YSequence? Sequence(YMapping? owner, string key, string ownerPath)
    {
        if (owner == null || !owner.TryGetEntry(key, out var e) || IsNull(e.Value)) return null;
        if (e.Value is YSequence s) return s;
        TypeError(e.Value, FieldPaths.Join(ownerPath, key), "a list");
        return null;
    }

    /// <summary>Each mapping of a list field, with its path; other items are errors.</summary>
    public IEnumerable<(YMapping Item, string Path, int Index)> MappingItems(YMapping? owner, string key, string ownerPath)
    {
        var seq = Sequence(owner, key, ownerPath);
        if (seq == null) yield break;
        var listPath = FieldPaths.Join(ownerPath, key);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var path = FieldPaths.Index(listPath, i);
            if (seq.Items[i] is YMapping m) yield return (m, path, i);
            else if (!IsNull(seq.Items[i])) TypeError(seq.Items[i], path, "a mapping");
        }
    }

    /// <summary>The string items of a list field (e.g. capabilities.add).</summary>
    public List<Field<string>> Strings(YMapping? owner, string key, string ownerPath)
    {
        var result = new List<Field<string>>();
        var seq = Sequence(owner, key, ownerPath);
        if (seq == null) return result;
        var listPath = FieldPaths.Join(ownerPath, key);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            if (item is YScalar { Kind: ScalarKind.String } s) result.Add(new Field<string>(s.Text, s.Position, listPath, FieldPaths.IndexKey(i)));
            else if (!IsNull(item)) TypeError(item, FieldPaths.Index(listPath, i), "a string");
        }
        return result;
    }

    /// <summary>A map of strings (labels, annotations, nodeSelector).</summary>
    public Dictionary<string, Field<string>> StringMap(YMapping? owner, string key, string ownerPath)
    {
        var map = Mapping(owner, key, ownerPath);
        var result = new Dictionary<string, Field<string>>(StringComparer.Ordinal);
        if (map == null) return result;
        var mapPath = FieldPaths.Join(ownerPath, key);
        foreach (var e in map.Entries)
        {
            if (e.Value is YScalar { Kind: ScalarKind.String } s) result[e.Key] = new Field<string>(s.Text, e.KeyPosition, mapPath, e.Key);
            else if (!IsNull(e.Value)) TypeError(e.Value, FieldPaths.Join(mapPath, e.Key), "a string");
        }
        return result;
    }

    /// <summary>A resource quantity (string or number), checked for the API server's quantity syntax.</summary>
    public Field<string> Quantity(YMapping owner, YEntry e, string ownerPath)
    {
        var path = FieldPaths.Join(ownerPath, e.Key);
        if (IsNull(e.Value)) return default;
        if (e.Value is YScalar s && s.Kind is ScalarKind.String or ScalarKind.Int or ScalarKind.Float)
        {
            var text = s.Kind == ScalarKind.Float && !IsJson ? s.FloatValue.ToString("R", CultureInfo.InvariantCulture) : s.Text.Trim();
            if (QuantitySyntax.IsValid(text)) return new Field<string>(text, e.KeyPosition, ownerPath, e.Key);
            Error(e.Value.Position, path, $"{path}: \"{s.Text}\" is not a valid quantity (e.g. 100m, 0.5, 128Mi, 1G)");
            return default;
        }
        TypeError(e.Value, path, "a quantity (e.g. 100m or 128Mi)");
        return default;
    }
}
