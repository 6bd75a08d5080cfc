using System.Text;
using System.Text.Json;

namespace Stockade.Yaml;

/// <summary>
/// Builds trees from a JSON stream (one or more top-level values) with positions, following Go's
/// encoding/json as the API server does: the last duplicate key wins, numbers keep JSON's syntax
/// (an integer field takes only an integer literal).
/// </summary>
internal static class JsonTreeBuilder
{
    public static IReadOnlyList<ParsedDocument> Parse(ReadOnlySpan<byte> bytes, string file, ParseLimits limits) => Parse(bytes, file, limits, new SourcePosition(1, 1), "");

    /// <summary>
    /// Parses bytes that start at <paramref name="origin"/> in the file (a list's item read on its
    /// own), so every position is the file's; <paramref name="pathPrefix"/> is the root's path there.
    /// The tree keeps nothing of <paramref name="bytes"/>: a caller may reuse a pooled buffer after it.
    /// </summary>
    public static IReadOnlyList<ParsedDocument> Parse(ReadOnlySpan<byte> bytes, string file, ParseLimits limits, SourcePosition origin, string pathPrefix)
    {
        if (TextEncoding.InvalidUtf8(bytes, origin.Line, "Stockade rejects it (the API server's JSON reader would read U+FFFD, not what was written)") is { } invalid)
        {
            if (invalid.Position.Line == origin.Line) invalid = invalid with { Position = invalid.Position with { Column = invalid.Position.Column + origin.Column - 1 } };
            return [new ParsedDocument { File = file, Index = 0, StartLine = invalid.Position.Line, Error = invalid, IsJson = true, PathPrefix = pathPrefix }];
        }
        var lines = new LineIndex(bytes, origin);
        var buffers = CollectionBuffers.Rent();
        try
        {
            return ReadValues(bytes, file, limits, lines, buffers, pathPrefix);
        }
        finally
        {
            buffers.Return();
        }
    }

    private static List<ParsedDocument> ReadValues(ReadOnlySpan<byte> bytes, string file, ParseLimits limits, LineIndex lines, CollectionBuffers buffers, string pathPrefix)
    {
        var docs = new List<ParsedDocument>();
        var index = 0;
        var offset = 0;
        // A value nested too deep is an error, and reading goes on at the next top-level value.
        while (offset < bytes.Length)
        {
            var reader = new Utf8JsonReader(bytes[offset..], new JsonReaderOptions
            {
                AllowMultipleValues = true,
                CommentHandling = JsonCommentHandling.Disallow,
                // Deeper than the limit is caught by ReadNode first, with a position; the reader's own bound is a backstop.
                MaxDepth = limits.MaxDepth + 2,
            });
            long valueStart = 0;
            try
            {
                while (reader.Read())
                {
                    var diagnostics = new List<YamlDiagnostic>();
                    valueStart = offset + reader.TokenStartIndex;
                    var start = lines.At(valueStart);
                    var root = ReadValue(ref reader, new Cursor(lines, offset, limits.MaxDepth, buffers), diagnostics, 0);
                    docs.Add(new ParsedDocument { File = file, Index = index++, StartLine = start.Line, Root = root, Diagnostics = diagnostics, IsJson = true, PathPrefix = pathPrefix });
                }
                break;
            }
            catch (JsonTooDeepException e)
            {
                docs.Add(new ParsedDocument { File = file, Index = index++, StartLine = e.Position.Line, Error = new ParseError(e.Position, $"nesting deeper than {limits.MaxDepth} levels"), IsJson = true, PathPrefix = pathPrefix });
                buffers.Reset();
                var end = EndOfValue(bytes, (int)valueStart);
                if (end < 0) break;
                offset = end;
            }
            catch (JsonException e)
            {
                var relative = (int)(e.LineNumber ?? 0);
                var from = lines.At(offset);
                var p = relative == 0
                    ? new SourcePosition(from.Line, from.Column + (int)(e.BytePositionInLine ?? 0))
                    : new SourcePosition(from.Line + relative, (int)(e.BytePositionInLine ?? 0) + 1);
                docs.Add(new ParsedDocument { File = file, Index = index, StartLine = p.Line, Error = new ParseError(p, "JSON syntax error: " + FirstSentence(e.Message)), IsJson = true, PathPrefix = pathPrefix });
                break;
            }
        }
        return docs;
    }

    private sealed class JsonTooDeepException(SourcePosition position) : Exception
    {
        public SourcePosition Position { get; } = position;
    }

    /// <summary>Positions in the whole stream for a reader that starts at <c>Offset</c>.</summary>
    private readonly record struct Cursor(LineIndex Lines, int Offset, int MaxDepth, CollectionBuffers Buffers)
    {
        public SourcePosition At(long relative) => Lines.At(Offset + relative);
    }

    /// <summary>
    /// The offset just past the JSON value that starts at <paramref name="start"/>, by counting
    /// brackets outside strings (no depth bound is needed for a counter), or -1 if it never ends.
    /// </summary>
    private static int EndOfValue(ReadOnlySpan<byte> bytes, int start)
    {
        long depth = 0;
        var inString = false;
        for (var i = start; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (inString)
            {
                if (b == '\\') i++;
                else if (b == '"') inString = false;
                continue;
            }
            switch (b)
            {
                case (byte)'"': inString = true; break;
                case (byte)'{' or (byte)'[': depth++; break;
                case (byte)'}' or (byte)']':
                    if (--depth == 0) return i + 1;
                    break;
            }
        }
        return -1;
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd('.', ' ');
    }

    private static YNode ReadValue(ref Utf8JsonReader reader, Cursor lines, List<YamlDiagnostic> diagnostics, int depth)
    {
        var node = ReadNode(ref reader, lines, diagnostics, depth);
        // After a value's last token the reader has consumed exactly up to the end of it.
        node.End = lines.At(reader.BytesConsumed);
        return node;
    }

    private static YNode ReadNode(ref Utf8JsonReader reader, Cursor lines, List<YamlDiagnostic> diagnostics, int depth)
    {
        var position = lines.At(reader.TokenStartIndex);
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && depth >= lines.MaxDepth) throw new JsonTooDeepException(position);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var entries = lines.Buffers.Entries(depth);
                long size = 1;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyPosition = lines.At(reader.TokenStartIndex);
                    var key = lines.Buffers.Strings.Get(ref reader);
                    reader.Read();
                    var value = ReadValue(ref reader, lines, diagnostics, depth + 1);
                    size += 1 + value.ExpandedSize;
                    if (entries.Set(new YEntry(key, keyPosition, value)) is { } old)
                    {
                        diagnostics.Add(new YamlDiagnostic(DiagnosticKind.DuplicateKey, keyPosition, key, old.KeyPosition,
                            $"duplicate key \"{key}\" (first at line {old.KeyPosition.Line}); the API server keeps this last value"));
                    }
                }
                return new YMapping(position, entries.TakeEntries()) { ExpandedSize = size, IsFlow = true };
            }
            case JsonTokenType.StartArray:
            {
                var items = lines.Buffers.Items(depth);
                long size = 1;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = ReadValue(ref reader, lines, diagnostics, depth + 1);
                    size += item.ExpandedSize;
                    items.Add(item);
                }
                return new YSequence(position, CollectionBuffers.TakeItems(items)) { ExpandedSize = size, IsFlow = true };
            }
            case JsonTokenType.String:
                return new YScalar(position, lines.Buffers.Strings.Get(ref reader), ScalarKind.String, false, 0, 0, false);
            case JsonTokenType.True:
                return new YScalar(position, "true", ScalarKind.Bool, true, 0, 0, false);
            case JsonTokenType.False:
                return new YScalar(position, "false", ScalarKind.Bool, false, 0, 0, false);
            case JsonTokenType.Null:
                return new YScalar(position, "null", ScalarKind.Null, false, 0, 0, false);
            case JsonTokenType.Number:
            {
                var text = lines.Buffers.Strings.Of(reader.ValueSpan);
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

    /// <summary>Maps byte offsets to 1-based lines and columns in the file, for bytes that start at an origin in it.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _starts = new() { 0 };
        private readonly SourcePosition _origin;

        // The line of the last offset asked for: the reader asks in increasing order, so the next
        // answer is almost always on that line or a few after it, not a binary search away.
        private int _line;

        // Further than this many lines ahead, a binary search is cheaper than stepping.
        private const int LookAhead = 8;

        public LineIndex(ReadOnlySpan<byte> span, SourcePosition origin)
        {
            _origin = origin;
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
            var i = _line;
            if (offset < _starts[i] || (i + LookAhead < _starts.Count && _starts[i + LookAhead] <= offset))
            {
                i = _starts.BinarySearch(offset);
                if (i < 0) i = ~i - 1;
            }
            else
            {
                while (i + 1 < _starts.Count && _starts[i + 1] <= offset) i++;
            }
            _line = i;
            return new SourcePosition(_origin.Line + i, (int)(offset - _starts[i]) + (i == 0 ? _origin.Column : 1));
        }
    }
}
