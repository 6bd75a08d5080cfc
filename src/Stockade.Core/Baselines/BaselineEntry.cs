namespace Stockade.Baselines;

/// <summary>
/// One accepted finding in <c>.stockade-baseline.json</c>: what it was about (for people reading
/// the file and for the report of entries that no longer match) and the fingerprint it is matched by.
/// </summary>
internal sealed record BaselineEntry
{
    public required string Rule { get; init; }
    public required string Kind { get; init; }
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public string? Container { get; init; }

    /// <summary>The file, relative to the baseline's folder with <c>/</c> separators (the Helm template for rendered input).</summary>
    public required string File { get; init; }
    public required string Path { get; init; }
    public required string Message { get; init; }
    public required string Fingerprint { get; init; }

    /// <summary>Where the entry is written in the baseline file (0 when built in memory).</summary>
    public int Line { get; init; }
    public int Column { get; init; }

    /// <summary><c>Deployment prod/web</c>, as reports name an object.</summary>
    public string ObjectName => Namespace != null ? $"{Kind} {Namespace}/{Name}" : $"{Kind} {Name}";
}
