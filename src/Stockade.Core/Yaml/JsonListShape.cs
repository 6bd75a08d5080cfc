using System.Text.Json;

namespace Stockade.Yaml;

/// <summary>
/// Tells, in one token pass that builds nothing, whether a JSON stream is a single list kubectl
/// would unpack — so its items can be read and checked one at a time instead of as one tree.
/// </summary>
/// <remarks>
/// kubectl writes <c>items</c> before <c>kind</c> (Go sorts the keys of an unstructured object),
/// so whether the items are objects of their own is known only at the end of the body: hence a
/// pass of its own. Anything else — several values, a duplicate top-level key (whose diagnostic
/// belongs to the whole document), <c>items</c> not an array of objects, a kind not ending in
/// <c>List</c>, <c>apiVersion</c> or <c>kind</c> not a non-empty string, a syntax error, nesting
/// deeper than the limit — answers false, and the stream is read whole as before, which reports
/// what is wrong with its position.
/// </remarks>
internal static class JsonListShape
{
    public static bool IsItemList(Stream stream, ParseLimits limits)
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        var eof = false;
        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = limits.MaxDepth + 2 });
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string? key = null;      // the top-level key whose value comes next
        var inItems = false;
        bool apiVersion = false, kindIsList = false, items = false;
        try
        {
            while (true)
            {
                var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, state);
                while (reader.Read())
                {
                    var depth = reader.CurrentDepth;
                    var token = reader.TokenType;
                    if (depth == 0)
                    {
                        if (token is not (JsonTokenType.StartObject or JsonTokenType.EndObject)) return false;
                        continue;
                    }
                    if (depth == 1 && key == null)
                    {
                        if (token == JsonTokenType.EndArray && inItems) { inItems = false; continue; }
                        if (token != JsonTokenType.PropertyName) continue; // the end of a nested value
                        key = reader.GetString()!;
                        if (!keys.Add(key)) return false;
                        continue;
                    }
                    if (depth == 1)
                    {
                        switch (key)
                        {
                            case "apiVersion":
                                apiVersion = token == JsonTokenType.String && reader.ValueSpan.Length > 0;
                                break;
                            case "kind":
                                kindIsList = token == JsonTokenType.String && reader.ValueSpan.Length > 0 && reader.GetString()!.EndsWith("List", StringComparison.Ordinal);
                                break;
                            case "items":
                                if (token != JsonTokenType.StartArray) return false;
                                items = inItems = true;
                                break;
                        }
                        key = null;
                        continue;
                    }
                    if (depth == 2 && inItems && token is not (JsonTokenType.StartObject or JsonTokenType.EndObject)) return false;
                }
                state = reader.CurrentState;
                start += (int)reader.BytesConsumed;
                if (eof) break;
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                // One token longer than the buffer (a long string): grow it.
                if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var n = stream.Read(buffer, end, buffer.Length - end);
                if (n == 0) eof = true;
                end += n;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
        return apiVersion && kindIsList && items;
    }
}
