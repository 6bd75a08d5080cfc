namespace Stockade.Yaml;

/// <summary>
/// The unparsed text of one document (or, for a JSON stream, of the whole stream), ready to be
/// parsed on any thread.
/// </summary>
internal sealed class RawDocument
{
    public required string File { get; init; }
    public required int Index { get; init; }
    public required int StartLine { get; init; }

    /// <summary>The byte column the text starts at on <see cref="StartLine"/>: past 1 for a JSON list's item.</summary>
    public int StartColumn { get; init; } = 1;

    /// <summary>The field path of the document's root in the file: <c>items[3]</c> for a JSON list's item read on its own, else empty.</summary>
    public string PathPrefix { get; init; } = "";

    /// <summary>The text, for YAML.</summary>
    public string? Text { get; init; }

    /// <summary>The bytes, for a JSON stream.</summary>
    public byte[]? JsonBytes { get; init; }

    /// <summary>An error found while splitting (oversized document, bad separator).</summary>
    public ParseError? Error { get; init; }

    /// <summary>Length of the document in bytes.</summary>
    public long Length { get; init; }

    /// <summary>Parses the text into documents: one for YAML, every top-level value for JSON.</summary>
    public IReadOnlyList<ParsedDocument> Parse(ParseLimits limits)
    {
        if (Error is { } error)
        {
            return [new ParsedDocument { File = File, Index = Index, StartLine = StartLine, Error = error }];
        }
        if (JsonBytes != null) return JsonTreeBuilder.Parse(JsonBytes, File, limits, new SourcePosition(StartLine, StartColumn), PathPrefix);
        return [YamlTreeBuilder.Parse(Text ?? "", File, Index, StartLine, limits)];
    }
}
