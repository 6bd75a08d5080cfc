using System.Collections.Frozen;

namespace Stockade.Kube.Schema;

/// <summary>
/// The fields of every built-in kind and of the types nested in them, as the API server's Go types
/// declare them (read from the generated tables in BuiltInSchema.g.cs): what strict field validation
/// checks a manifest against. The type names are read on first use, each type's fields when first reached.
/// </summary>
internal static partial class BuiltInSchema
{
    private static readonly Lazy<Tables> Loaded = new(Load);

    /// <summary>The schema of a kind at an apiVersion; null for custom resources and kinds Kubernetes does not serve.</summary>
    public static SchemaType? KindOf(string apiVersion, string kind) =>
        Loaded.Value.Kinds.TryGetValue((apiVersion, kind), out var t) ? t : null;

    /// <summary>The schema of every kind in the table.</summary>
    public static IEnumerable<SchemaType> Kinds => Loaded.Value.Kinds.Values;

    private sealed record Tables(FrozenDictionary<(string, string), SchemaType> Kinds);

    /// <remarks>
    /// Only the names are read here; a type's fields are parsed when a check first reaches the type
    /// (<see cref="SchemaType.Fields"/>): a scan meets a few dozen of the table's types, and parsing
    /// all of them into frozen dictionaries was 2 ms of a 17 ms one-file NativeAOT scan.
    /// </remarks>
    private static Tables Load()
    {
        var types = new Dictionary<string, SchemaType>(StringComparer.Ordinal);
        foreach (var line in TypeTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ');
            var name = space < 0 ? line : line[..space];
            var row = space < 0 ? "" : line[(space + 1)..];
            types[name] = new SchemaType(name, () => ParseFields(row, types));
        }
        var kinds = new Dictionary<(string, string), SchemaType>();
        foreach (var line in KindTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            kinds[(parts[0], parts[1])] = types[parts[2]];
        }
        return new Tables(kinds.ToFrozenDictionary());
    }

    /// <summary>A type's row of the table after its name: <c>field:shape</c> words.</summary>
    private static FrozenDictionary<string, SchemaShape> ParseFields(string row, Dictionary<string, SchemaType> types)
    {
        var fields = new Dictionary<string, SchemaShape>(StringComparer.Ordinal);
        foreach (var f in row.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = f.LastIndexOf(':');
            fields[f[..colon]] = ParseShape(f[(colon + 1)..], types);
        }
        return fields.ToFrozenDictionary(StringComparer.Ordinal);
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
