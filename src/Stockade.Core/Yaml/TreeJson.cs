using System.Text.Json.Nodes;

namespace Stockade.Yaml;

/// <summary>A parsed YAML/JSON tree as JSON, so edits and comparisons can work on the values the API server reads.</summary>
internal static class TreeJson
{
    /// <summary>The tree as JSON, scalars typed as the API server reads them.</summary>
    public static JsonNode? From(YNode node) => node switch
    {
        YMapping m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key, From(e.Value)))),
        YSequence s => new JsonArray(s.Items.Select(From).ToArray()),
        YScalar { Kind: ScalarKind.Null } => null,
        YScalar { Kind: ScalarKind.Bool } b => JsonValue.Create(b.BoolValue),
        YScalar { Kind: ScalarKind.Int, IntOutOfRange: false } i => JsonValue.Create(i.IntValue),
        YScalar { Kind: ScalarKind.Float } f when double.IsFinite(f.FloatValue) =>
            Math.Floor(f.FloatValue) == f.FloatValue && Math.Abs(f.FloatValue) < 1e15 ? JsonValue.Create((long)f.FloatValue) : JsonValue.Create(f.FloatValue),
        YScalar s => JsonValue.Create(s.Text),
        _ => null,
    };
}
