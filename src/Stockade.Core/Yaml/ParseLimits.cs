namespace Stockade.Yaml;

/// <summary>Bounds that stop hostile input (alias bombs, deep nesting, huge documents) early and clearly.</summary>
public sealed record ParseLimits
{
    /// <summary>Largest document, in bytes. The API server accepts 3 MiB requests; files may hold larger Lists.</summary>
    public long MaxDocumentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 512;

    /// <summary>Nodes that aliases and merge keys may add on top of the text (billion-laughs guard).</summary>
    public long MaxAliasExpansion { get; init; } = 1_000_000;

    /// <summary>The limits <c>stockade scan</c> applies by default.</summary>
    public static readonly ParseLimits Default = new();
}
