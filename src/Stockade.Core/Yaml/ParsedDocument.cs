namespace Stockade.Yaml;

/// <summary>Something about a document worth reporting that does not stop it from being read.</summary>
internal enum DiagnosticKind
{
    /// <summary>A key written twice in one mapping; the API server keeps the last.</summary>
    DuplicateKey,
    /// <summary>A key written in a mapping and then replaced by a later merge key (<c>&lt;&lt;</c>).</summary>
    MergeOverride,
    /// <summary>Text after the first YAML document of a chunk, which kubectl never reads.</summary>
    IgnoredContent,
}

internal readonly record struct YamlDiagnostic(DiagnosticKind Kind, SourcePosition Position, string Key, SourcePosition EarlierPosition, string Message);

/// <summary>A failure to read a document, with where it happened.</summary>
internal readonly record struct ParseError(SourcePosition Position, string Message);

/// <summary>One document of a file: its tree, or the error that stopped it.</summary>
internal sealed class ParsedDocument
{
    public required string File { get; init; }

    /// <summary>0-based index of the document in its file.</summary>
    public required int Index { get; init; }

    /// <summary>Line the document's text starts on.</summary>
    public required int StartLine { get; init; }

    /// <summary>The root node; null for an empty document or when <see cref="Error"/> is set.</summary>
    public YNode? Root { get; init; }

    public ParseError? Error { get; init; }

    public IReadOnlyList<YamlDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>The field path of the root in the file (see <see cref="RawDocument.PathPrefix"/>).</summary>
    public string PathPrefix { get; init; } = "";

    /// <summary>True when the document was read as JSON (its numbers follow JSON's rules).</summary>
    public bool IsJson { get; init; }
}
