using System.Collections.Frozen;

namespace Stockade.Kube.Schema;

/// <summary>
/// The fields of every built-in kind and of the types nested in them, as the API server's Go types
/// declare them (read from the generated tables in BuiltInSchema.g.cs): what strict field validation
/// checks a manifest against. Parsed once, on first use.
/// </summary>
internal static partial class BuiltInSchema
{
    private static readonly Lazy<Tables> Loaded = new(Load);

    /// <summary>The schema of a kind at an apiVersion; null for custom resources and kinds Kubernetes does not serve.</summary>
    public static SchemaType? KindOf(string apiVersion, string kind) =>
        Loaded.Value.Kinds.TryGetValue((apiVersion, kind), out var t) ? t : null;

    private sealed record Tables(FrozenDictionary<(string, string), SchemaType> Kinds);

    private static Tables Load()
    {
        var types = new Dictionary<string, SchemaType>(StringComparer.Ordinal);
        var rows = new List<string[]>();
        foreach (var line in TypeTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            types[parts[0]] = new SchemaType(parts[0]);
            rows.Add(parts);
        }
        foreach (var parts in rows)
        {
            var fields = new Dictionary<string, SchemaShape>(parts.Length - 1, StringComparer.Ordinal);
            foreach (var f in parts.AsSpan(1))
            {
                var colon = f.LastIndexOf(':');
                fields[f[..colon]] = ParseShape(f[(colon + 1)..], types);
            }
            types[parts[0]].Fields = fields.ToFrozenDictionary(StringComparer.Ordinal);
        }
        var kinds = new Dictionary<(string, string), SchemaType>();
        foreach (var line in KindTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            kinds[(parts[0], parts[1])] = types[parts[2]];
        }
        return new Tables(kinds.ToFrozenDictionary());
    }

    private static SchemaShape ParseShape(string text, Dictionary<string, SchemaType> types) => text[0] switch
    {
        '-' => SchemaShape.Value,
        's' => SchemaShape.ScalarOf(ValueKind.String),
        'i' => SchemaShape.ScalarOf(ValueKind.Integer),
        'd' => SchemaShape.ScalarOf(ValueKind.Number),
        'b' => SchemaShape.ScalarOf(ValueKind.Boolean),
        't' => SchemaShape.ScalarOf(ValueKind.DateTime),
        'y' => SchemaShape.ScalarOf(ValueKind.Bytes),
        'q' => SchemaShape.ScalarOf(ValueKind.Quantity),
        'n' => SchemaShape.ScalarOf(ValueKind.IntOrString),
        '*' => SchemaShape.Any,
        '[' => SchemaShape.ListOf(ParseShape(text[1..], types)),
        '{' => SchemaShape.MapOf(ParseShape(text[1..], types)),
        _ => SchemaShape.Object(types[text]),
    };
}
