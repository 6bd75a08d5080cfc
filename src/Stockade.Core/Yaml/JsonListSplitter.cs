using System.Runtime.InteropServices;
using Stockade.Json;

namespace Stockade.Yaml;

/// <summary>
/// Reads a JSON stream that is one list as one document per item (see
/// <see cref="DocumentSplitter.Split"/>): a token pass decides whether it is such a list
/// (<see cref="JsonListShape"/>), then the items are read one at a time, each with the line and
/// column it starts at. Any other JSON stream is one document, as before.
/// </summary>
internal static class JsonListSplitter
{
    public static IEnumerable<RawDocument> Split(Stream stream, string file, byte[] first, ParseLimits limits)
    {
        // Two passes need a stream that can go back: a file can; a pipe is held in memory as its
        // bytes (bounded by the document limit, as any JSON stream read whole), not as a tree.
        RawDocument? whole = null;
        Stream source = stream;
        long origin;
        if (stream.CanSeek)
        {
            origin = stream.Position - first.Length;
        }
        else
        {
            whole = DocumentSplitter.ReadJson(stream, file, first, limits);
            if (whole.JsonBytes == null)
            {
                yield return whole;
                yield break;
            }
            source = new MemoryStream(whole.JsonBytes, writable: false);
            origin = 0;
        }
        source.Position = origin;
        if (!JsonListShape.IsItemList(source, limits))
        {
            source.Position = origin;
            yield return whole ?? DocumentSplitter.ReadJson(source, file, [], limits);
            yield break;
        }
        source.Position = origin;
        var items = new JsonListItems(source, limits.MaxDocumentBytes, long.MaxValue);
        for (var index = 0; ; index++)
        {
            ReadOnlyMemory<byte>? item;
            RawDocument? failed = null;
            try
            {
                item = items.Next();
            }
            catch (JsonListException e)
            {
                // An item over the limit (or a file changed under the read): the items before it were read; this one is an error.
                item = null;
                var at = new SourcePosition(items.ItemLine, items.ItemColumn);
                // Say that what follows was not read: the list ends here for this scan, whatever it held after.
                var hint = e.Message.Contains("over the limit", StringComparison.Ordinal) ? " (raise the limit with --max-document-bytes)" : "";
                failed = new RawDocument { File = file, Index = index, StartLine = at.Line, StartColumn = at.Column, Error = new ParseError(at, $"{e.Message}; items[{index}] and any after it were not checked{hint}") };
            }
            if (failed != null) yield return failed;
            if (item is not { } bytes) yield break;
            var array = MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToArray();
            yield return new RawDocument
            {
                File = file, Index = index, StartLine = items.ItemLine, StartColumn = items.ItemColumn,
                PathPrefix = $"items[{index}]", JsonBytes = array, Length = array.Length,
            };
        }
    }
}
