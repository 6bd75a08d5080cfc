using Stockade.Config;
using Stockade.Yaml;

namespace Stockade.Engine;

public sealed record ScanOptions
{
    public required Profile Profile { get; init; }
    public StockadeConfig Config { get; init; } = StockadeConfig.Default;

    /// <summary>Findings at or above this fail an object and the run; null: nothing fails.</summary>
    public Severity? FailOn { get; init; } = Severity.High;
    public ParseLimits Limits { get; init; } = ParseLimits.Default;

    /// <summary>The date exemptions' expiry is compared with.</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Which <c>exempt.stockade.dev</c> annotations are honoured (the configuration may refuse them all).</summary>
    public AnnotationTrust AnnotationExemptions { get; init; } = AnnotationTrust.Everywhere;

    /// <summary>Worker threads; by default one per core.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>A named input: a file, or standard input.</summary>
public sealed record ScanInput(string Name, Func<Stream> Open);
