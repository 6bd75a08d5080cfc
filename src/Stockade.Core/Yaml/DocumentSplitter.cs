using System.Buffers;
using System.Text;

namespace Stockade.Yaml;

/// <summary>
/// Splits a stream into documents the way kubectl's YAML reader does: on lines that start with
/// <c>---</c> followed only by spaces or a comment. Reading is streaming, so memory is bounded by
/// the largest document; a stream whose first non-blank character is <c>{</c> is a JSON stream,
/// as kubectl decides.
/// </summary>
internal static class DocumentSplitter
{
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// The documents of <paramref name="stream"/>, named <paramref name="file"/>, within <paramref name="limits"/>.
    /// With <paramref name="listItemsApart"/> true, a JSON stream that is one list (<c>kubectl get -o json</c>, a dump) comes out as
    /// one document per item, read one at a time, so a scan holds the largest item and checks
    /// items in parallel; an item's positions are those in the file and its objects' paths start
    /// with <c>items[N]</c>, as when the list is read whole. A host that writes the documents back
    /// (mutate) leaves it false.
    /// </summary>
    public static IEnumerable<RawDocument> Split(Stream stream, string file, ParseLimits limits, bool listItemsApart = false)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var read = FillFirst(stream, buffer);
            if (TextEncoding.NotUtf8(buffer.AsSpan(0, read)) is { } notUtf8)
            {
                // Nothing of such a stream could be read right; it is not read on (/dev/zero never ends).
                yield return new RawDocument { File = file, Index = 0, StartLine = 1, Length = read, Error = new ParseError(new SourcePosition(1, 1), notUtf8) };
                yield break;
            }
            // kubectl sniffs JSON before skipping a BOM, and a BOM is not whitespace to it: a BOM
            // followed by '{' goes to the YAML reader (where 1e3 is a number an integer field takes).
            if (StartsLikeJson(buffer.AsSpan(0, read)))
            {
                var json = listItemsApart ? JsonListSplitter.Split(stream, file, buffer.AsSpan(0, read).ToArray(), limits) : [ReadJson(stream, file, buffer.AsSpan(0, read), limits)];
                foreach (var doc in json) yield return doc;
                yield break;
            }
            var start = HasBom(buffer, read) ? 3 : 0;
            foreach (var doc in SplitYaml(stream, file, buffer, start, read, limits)) yield return doc;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads enough to tell JSON from YAML and the encoding: up to the first non-blank byte (and
    /// at least 4 bytes), so a pipe's first document is not held back waiting for more.
    /// </summary>
    private static int FillFirst(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < 4096)
        {
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
            if (total >= 4 && buffer.AsSpan(0, total).IndexOfAnyExcept(" \t\r\n\v\f"u8) >= 0) break;
        }
        return total;
    }

    private static bool HasBom(byte[] b, int n) => n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF;

    private static bool StartsLikeJson(ReadOnlySpan<byte> s)
    {
        foreach (var c in s)
        {
            // Go's unicode.IsSpace for the ASCII range (kubectl's hasJSONPrefix).
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f') continue;
            return c == (byte)'{';
        }
        return false;
    }

    internal static RawDocument ReadJson(Stream stream, string file, ReadOnlySpan<byte> first, ParseLimits limits)
    {
        using var all = new MemoryStream();
        all.Write(first);
        var chunk = new byte[BufferSize];
        int n;
        // The first read may already hold the whole stream, so the limit is checked before reading on.
        while (all.Length <= limits.MaxDocumentBytes && (n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            all.Write(chunk, 0, n);
        }
        if (all.Length > limits.MaxDocumentBytes)
        {
            return new RawDocument
            {
                File = file, Index = 0, StartLine = 1, Length = all.Length,
                Error = new ParseError(new SourcePosition(1, 1), $"JSON stream larger than the {limits.MaxDocumentBytes:N0}-byte document limit (raise it with --max-document-bytes)"),
            };
        }
        return new RawDocument { File = file, Index = 0, StartLine = 1, JsonBytes = all.ToArray(), Length = all.Length };
    }

    private static IEnumerable<RawDocument> SplitYaml(Stream stream, string file, byte[] buffer, int start, int read, ParseLimits limits)
    {
        var doc = new ArrayBufferWriter<byte>(4096);
        var lineStart = 0;          // offset in doc of the current line
        var line = 1;               // 1-based line number of the current line
        var docStartLine = 1;
        var index = 0;
        var oversized = false;
        ParseError? pendingError = null;

        while (true)
        {
            var pos = start;
            while (pos < read)
            {
                var nl = buffer.AsSpan(pos, read - pos).IndexOf((byte)'\n');
                var pieceLength = nl < 0 ? read - pos : nl + 1;
                AppendPiece(doc, buffer.AsSpan(pos, pieceLength), lineStart, ref oversized, limits);
                pos += pieceLength;
                if (nl < 0) break;

                var separator = Separator(doc.WrittenSpan[lineStart..], out var contentColumn);
                if (separator != SeparatorKind.None)
                {
                    yield return MakeDocument(file, index++, docStartLine, doc.WrittenSpan[..lineStart], oversized, pendingError, limits);
                    pendingError = separator == SeparatorKind.WithContent ? ContentAfterSeparator(line, contentColumn) : null;
                    doc.ResetWrittenCount();
                    oversized = false;
                    lineStart = 0;
                    docStartLine = line + 1;
                }
                else if (oversized)
                {
                    doc.ResetWrittenCount();
                    lineStart = 0;
                }
                else
                {
                    lineStart = doc.WrittenCount;
                }
                line++;
            }
            read = stream.Read(buffer, 0, buffer.Length);
            start = 0;
            if (read == 0) break;
        }
        // The last line may have no newline.
        var lastColumn = 0;
        var last = oversized ? SeparatorKind.None : Separator(doc.WrittenSpan[lineStart..], out lastColumn);
        if (last != SeparatorKind.None)
        {
            yield return MakeDocument(file, index++, docStartLine, doc.WrittenSpan[..lineStart], false, pendingError, limits);
            if (last == SeparatorKind.WithContent)
            {
                yield return MakeDocument(file, index, line, [], false, ContentAfterSeparator(line, lastColumn), limits);
            }
            yield break;
        }
        yield return MakeDocument(file, index, docStartLine, doc.WrittenSpan, oversized, pendingError, limits);
    }

    private static void AppendPiece(ArrayBufferWriter<byte> doc, ReadOnlySpan<byte> piece, int lineStart, ref bool oversized, ParseLimits limits)
    {
        if (!oversized)
        {
            doc.Write(piece);
            if (doc.WrittenCount > limits.MaxDocumentBytes) oversized = true;
        }
        else if (doc.WrittenCount - lineStart < 8)
        {
            // Past the limit only the start of each line is kept, to find the next separator.
            doc.Write(piece[..Math.Min(piece.Length, 8)]);
        }
    }

    private enum SeparatorKind { None, Plain, WithContent }

    /// <summary>kubectl's test: a line starting with <c>---</c>, then only whitespace or a comment.</summary>
    /// <param name="line">The line's bytes, without its line break.</param>
    /// <param name="contentColumn">The 1-based column of the content that makes the line invalid.</param>
    private static SeparatorKind Separator(ReadOnlySpan<byte> line, out int contentColumn)
    {
        contentColumn = 0;
        if (line.Length < 3 || line[0] != '-' || line[1] != '-' || line[2] != '-') return SeparatorKind.None;
        var rest = line[3..];
        var skipped = rest.Length - rest.TrimStart(" \t\r\n\v\f"u8).Length;
        rest = rest.Trim(" \t\r\n\v\f"u8);
        if (rest.Length == 0 || rest[0] == '#') return SeparatorKind.Plain;
        contentColumn = 4 + skipped;
        return SeparatorKind.WithContent;
    }

    private static ParseError ContentAfterSeparator(int line, int column) =>
        new(new SourcePosition(line, column), "content after the '---' document separator; kubectl rejects it (put the content on the next line)");

    private static RawDocument MakeDocument(string file, int index, int startLine, ReadOnlySpan<byte> bytes, bool oversized, ParseError? error, ParseLimits limits)
    {
        if (oversized)
        {
            error = new ParseError(new SourcePosition(startLine, 1),
                $"document larger than the {limits.MaxDocumentBytes:N0}-byte limit (raise it with --max-document-bytes)");
        }
        error ??= TextEncoding.InvalidUtf8(bytes, startLine, "the API server's YAML reader (goyaml) rejects it");
        return new RawDocument
        {
            File = file,
            Index = index,
            StartLine = startLine,
            Length = bytes.Length,
            Error = error,
            Text = error == null ? Encoding.UTF8.GetString(bytes) : null,
        };
    }
}
