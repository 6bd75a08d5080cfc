using System.Text;
using System.Text.Json;

namespace Stockade.Json;

/// <summary>A list body that cannot be read: not JSON, not a list, over a limit, or cut short.</summary>
internal sealed class JsonListException(string message, long offset) : Exception(message)
{
    /// <summary>The byte offset in the body where the problem was found.</summary>
    public long Offset { get; } = offset;
}

/// <summary>
/// Reads the items of a Kubernetes list body (<c>{"kind":"PodList","metadata":{…},"items":[…]}</c>)
/// one at a time from a stream, so memory holds one item, never the list: the API server's
/// answer to a list call, or a <c>kubectl get -o json</c> dump. The list's own
/// <c>metadata.continue</c> and <c>kind</c> are known once they have been read (the API server
/// writes them before the items; a body that writes them after is read as well).
/// </summary>
/// <remarks>
/// Limits stop a hostile or broken body: an item larger than <c>maxItemBytes</c>, more bytes
/// in all than <c>maxBodyBytes</c>, and anything that is not a JSON object with an
/// <c>items</c> array are errors (<see cref="JsonListException"/>) with the offset.
/// </remarks>
internal sealed class JsonListItems
{
    private readonly Stream _stream;
    private readonly long _maxItemBytes;
    private readonly long _maxBodyBytes;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _consumedBefore; // body offset of _buffer[0]
    private bool _eof;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 512 });
    private Position _position = Position.BeforeBody;
    private string? _pendingProperty;

    private enum Position { BeforeBody, InBody, InItems, Done }

    public JsonListItems(Stream stream, long maxItemBytes, long maxBodyBytes)
    {
        _stream = stream;
        _maxItemBytes = maxItemBytes;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>The list's <c>kind</c> (<c>Status</c> for an error body), once read.</summary>
    public string? Kind { get; private set; }

    /// <summary>The list's <c>metadata.continue</c> token, once read; null or empty on the last page.</summary>
    public string? Continue { get; private set; }

    /// <summary>A <c>Status</c> body's <c>message</c>.</summary>
    public string? StatusMessage { get; private set; }

    /// <summary>How many items were returned so far.</summary>
    public int ItemsRead { get; private set; }

    /// <summary>The body's bytes read so far.</summary>
    public long BytesRead => _consumedBefore + _end;

    /// <summary>
    /// The 1-based line and byte column where the item last returned starts (or the item that
    /// could not be read, after a <see cref="JsonListException"/> about it), so a host that
    /// checks items on their own can point into the whole body.
    /// </summary>
    public int ItemLine { get; private set; } = 1;

    /// <inheritdoc cref="ItemLine"/>
    public int ItemColumn { get; private set; } = 1;

    // Lines are counted as the reader moves on, so a position costs no second pass over the body.
    private long _counted;        // body offset counted up to
    private long _lineStartOffset; // body offset where the line holding _counted starts
    private int _line = 1;

    private void CountTo(long offset)
    {
        var span = _buffer.AsSpan((int)(_counted - _consumedBefore), (int)(offset - _counted));
        var newlines = span.Count((byte)'\n');
        if (newlines > 0)
        {
            _line += newlines;
            _lineStartOffset = _counted + span.LastIndexOf((byte)'\n') + 1;
        }
        _counted = offset;
    }

    private void MarkItem(long offset)
    {
        CountTo(offset);
        ItemLine = _line;
        ItemColumn = (int)(offset - _lineStartOffset) + 1;
    }

    /// <summary>
    /// The next item's JSON bytes, or null at the end of the body (after which
    /// <see cref="Continue"/> and <see cref="Kind"/> are final).
    /// </summary>
    public ReadOnlyMemory<byte>? Next(CancellationToken cancellation = default)
    {
        while (true)
        {
            var step = TryStep(out var item);
            if (step == Step.Item)
            {
                ItemsRead++;
                return item;
            }
            if (step == Step.Done) return null;
            if (step == Step.Progress) continue;
            // Step.NeedMore: the unit in hand is not complete in the buffer.
            if (_eof) throw new JsonListException("the body ends inside the list (cut short)", BytesRead);
            Fill(cancellation);
        }
    }

    private enum Step { Progress, Item, NeedMore, Done }

    private Step TryStep(out ReadOnlyMemory<byte> item)
    {
        item = default;
        if (_position == Position.Done) return TrailingOnly();
        if (_position == Position.BeforeBody && _eof && _buffer.AsSpan(_start, _end - _start).Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new JsonListException("the body is empty", BytesRead);
        }
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
        try
        {
            if (!reader.Read()) return Step.NeedMore;
            switch (_position)
            {
                case Position.BeforeBody:
                    if (reader.TokenType != JsonTokenType.StartObject) throw Error("the body is not a JSON object", reader);
                    _position = Position.InBody;
                    break;
                case Position.InBody when _pendingProperty == null:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        if (!_itemsSeen && Kind != "Status") throw Error("the body has no items array: not a list", reader);
                        _position = Position.Done;
                        break;
                    }
                    _pendingProperty = reader.GetString();
                    break;
                case Position.InBody:
                    // A second items array would replace the first for a Go client (the last key wins)
                    // while the items of the first were already checked: neither reading is safe to report alone.
                    if (_pendingProperty == "items" && _itemsSeen) throw Error("the body has a second items key (a JSON decoder keeps only the last)", reader);
                    if (_pendingProperty == "items" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        _itemsSeen = true;
                        _position = Position.InItems;
                        _pendingProperty = null;
                        break;
                    }
                    if (_pendingProperty == "items" && reader.TokenType == JsonTokenType.Null)
                    {
                        _itemsSeen = true; // Go writes a nil slice as null: an empty list.
                        _pendingProperty = null;
                        break;
                    }
                    if (_pendingProperty == "items") throw Error("items is not an array", reader);
                    var valueStart = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip()) return NeedMoreFor(valueStart);
                    TopLevelValue(_pendingProperty!, _buffer.AsSpan(_start + valueStart, (int)reader.BytesConsumed - valueStart));
                    _pendingProperty = null;
                    break;
                case Position.InItems:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _position = Position.InBody;
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.StartObject) throw Error($"items[{ItemsRead}] is not an object", reader);
                    var itemStart = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip()) return NeedMoreFor(itemStart);
                    var length = (int)reader.BytesConsumed - itemStart;
                    MarkItem(_consumedBefore + _start + itemStart);
                    if (length > _maxItemBytes) throw Error($"items[{ItemsRead}] is {length} bytes, over the limit of {_maxItemBytes}", reader);
                    item = _buffer.AsMemory(_start + itemStart, length).ToArray();
                    Advance(ref reader);
                    return Step.Item;
            }
            Advance(ref reader);
            return Step.Progress;
        }
        catch (JsonException e)
        {
            throw new JsonListException($"the body is not valid JSON ({Trim(e.Message)})", _consumedBefore + _start + (e.BytePositionInLine ?? 0));
        }
    }

    private bool _itemsSeen;

    private void Advance(ref Utf8JsonReader reader)
    {
        CountTo(_consumedBefore + _start + reader.BytesConsumed);
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private Step NeedMoreFor(int unitStart)
    {
        var pending = _end - _start - unitStart;
        if (pending > _maxItemBytes && _position == Position.InItems) MarkItem(_consumedBefore + _start + unitStart);
        if (pending > _maxItemBytes) throw new JsonListException($"items[{ItemsRead}] is over the limit of {_maxItemBytes} bytes", BytesRead);
        return Step.NeedMore;
    }

    // After the list's closing brace only white space may follow.
    private Step TrailingOnly()
    {
        for (var i = _start; i < _end; i++)
        {
            if (_buffer[i] is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')) throw new JsonListException("the body goes on after the list ends", _consumedBefore + i);
        }
        CountTo(_consumedBefore + _end);
        _start = _end;
        return _eof ? Step.Done : Step.NeedMore;
    }

    private void TopLevelValue(string name, ReadOnlySpan<byte> json)
    {
        switch (name)
        {
            case "kind":
                Kind = StringValue(json);
                break;
            case "message":
                StatusMessage = StringValue(json);
                break;
            case "metadata":
                var reader = new Utf8JsonReader(json);
                using (var doc = JsonDocument.ParseValue(ref reader))
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("continue", out var c) && c.ValueKind == JsonValueKind.String)
                    {
                        Continue = c.GetString();
                    }
                }
                break;
        }
    }

    private static string? StringValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    private void Fill(CancellationToken cancellation)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _consumedBefore += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var grown = new byte[(int)Math.Min(Array.MaxLength, (long)_buffer.Length * 2)];
            if (grown.Length == _buffer.Length) throw new JsonListException("an item is too large to hold", BytesRead);
            Buffer.BlockCopy(_buffer, 0, grown, 0, _end);
            _buffer = grown;
        }
        var read = _stream.ReadAsync(_buffer.AsMemory(_end), cancellation).AsTask().GetAwaiter().GetResult();
        if (read == 0) _eof = true;
        _end += read;
        if (BytesRead > _maxBodyBytes) throw new JsonListException($"the body is over the limit of {_maxBodyBytes} bytes", BytesRead);
    }

    private JsonListException Error(string message, Utf8JsonReader reader) =>
        new(message, _consumedBefore + _start + reader.TokenStartIndex);

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    /// <summary>The start of a body, for an error message about a body that is not JSON (an HTML error page).</summary>
    public static string Preview(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 80)]);
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text) sb.Append(char.IsControl(ch) ? ' ' : ch);
        return sb.ToString().Trim();
    }
}
