using System.Text;
using System.Text.Json;

namespace Stockade.Yaml;

/// <summary>
/// Builds trees from a JSON stream (one or more top-level values) with positions, following Go's
/// encoding/json as the API server does: the last duplicate key wins, numbers keep JSON's syntax
/// (an integer field takes only an integer literal).
/// </summary>
public static class JsonTreeBuilder
{
    public static IReadOnlyList<ParsedDocument> Parse(byte[] bytes, string file, ParseLimits limits)
    {
        var lines = new LineIndex(bytes);
        var docs = new List<ParsedDocument>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = limits.MaxDepth,
        });
        var index = 0;
        try
        {
            while (reader.Read())
            {
                var diagnostics = new List<YamlDiagnostic>();
                var start = lines.At(reader.TokenStartIndex);
                var root = ReadValue(ref reader, lines, diagnostics);
                docs.Add(new ParsedDocument { File = file, Index = index++, StartLine = start.Line, Root = root, Diagnostics = diagnostics, IsJson = true });
            }
        }
        catch (JsonException e)
        {
            var p = new SourcePosition((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            docs.Add(new ParsedDocument { File = file, Index = index, StartLine = p.Line, Error = new ParseError(p, "JSON syntax error: " + FirstSentence(e.Message)), IsJson = true });
        }
        return docs;
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd('.', ' ');
    }

    private static YNode ReadValue(ref Utf8JsonReader reader, LineIndex lines, List<YamlDiagnostic> diagnostics)
    {
        var node = ReadNode(ref reader, lines, diagnostics);
        // After a value's last token the reader has consumed exactly up to the end of it.
        node.End = lines.At(reader.BytesConsumed);
        return node;
    }

    private static YNode ReadNode(ref Utf8JsonReader reader, LineIndex lines, List<YamlDiagnostic> diagnostics)
    {
        var position = lines.At(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var map = new YMapping(position) { IsFlow = true };
                long size = 1;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyPosition = lines.At(reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    reader.Read();
                    var value = ReadValue(ref reader, lines, diagnostics);
                    size += 1 + value.ExpandedSize;
                    if (map.Set(new YEntry(key, keyPosition, value)) is { } old)
                    {
                        diagnostics.Add(new YamlDiagnostic(DiagnosticKind.DuplicateKey, keyPosition, key, old.KeyPosition,
                            $"duplicate key \"{key}\" (first at line {old.KeyPosition.Line}); the API server keeps this last value"));
                    }
                }
                map.ExpandedSize = size;
                return map;
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<YNode>();
                long size = 1;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = ReadValue(ref reader, lines, diagnostics);
                    size += item.ExpandedSize;
                    items.Add(item);
                }
                return new YSequence(position, items) { ExpandedSize = size, IsFlow = true };
            }
            case JsonTokenType.String:
                return new YScalar(position, reader.GetString()!, ScalarKind.String, false, 0, 0, false);
            case JsonTokenType.True:
                return new YScalar(position, "true", ScalarKind.Bool, true, 0, 0, false);
            case JsonTokenType.False:
                return new YScalar(position, "false", ScalarKind.Bool, false, 0, 0, false);
            case JsonTokenType.Null:
                return new YScalar(position, "null", ScalarKind.Null, false, 0, 0, false);
            case JsonTokenType.Number:
            {
                var text = Encoding.UTF8.GetString(reader.ValueSpan);
                var integral = text.AsSpan().IndexOfAny(".eE") < 0;
                if (integral)
                {
                    return reader.TryGetInt64(out var l)
                        ? new YScalar(position, text, ScalarKind.Int, false, l, 0, false)
                        : new YScalar(position, text, ScalarKind.Int, false, 0, 0, true);
                }
                return new YScalar(position, text, ScalarKind.Float, false, 0, reader.GetDouble(), false);
            }
            default:
                throw new JsonException($"unexpected token {reader.TokenType}");
        }
    }

    /// <summary>Maps byte offsets to 1-based lines and columns.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _starts = new() { 0 };

        public LineIndex(byte[] bytes)
        {
            var span = bytes.AsSpan();
            var offset = 0;
            int nl;
            while ((nl = span[offset..].IndexOf((byte)'\n')) >= 0)
            {
                offset += nl + 1;
                _starts.Add(offset);
            }
        }

        public SourcePosition At(long offset)
        {
            var i = _starts.BinarySearch(offset);
            if (i < 0) i = ~i - 1;
            return new SourcePosition(i + 1, (int)(offset - _starts[i]) + 1);
        }
    }
}
