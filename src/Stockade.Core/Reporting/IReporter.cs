using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>How a reporter should present a result.</summary>
public sealed record ReportOptions
{
    /// <summary>Use ANSI colours (only on a terminal, and never with NO_COLOR).</summary>
    public bool Color { get; init; }

    /// <summary>Also print notes (skipped documents, expired exemptions) and suppressed findings.</summary>
    public bool Verbose { get; init; }

    /// <summary>Text: also print Pod Security Admission's one-line verdict for each object with Pod Security findings.</summary>
    public bool PsaLines { get; init; }

    /// <summary>Text: each finding followed by its rule's one-line fix (<c>--fix-hints</c>; on by default on a terminal).</summary>
    public bool FixHints { get; init; }

    /// <summary>Text while scanning: flush after each document, so a reader of a pipe sees findings as they are found.</summary>
    public bool FlushEachDocument { get; init; }

    /// <summary>The Stockade version the report names; the engine's own by default.</summary>
    public string ToolVersion { get; init; } = ToolInfo.Version;

    /// <summary>
    /// The folder paths are reported relative to, where a format wants repository-relative paths
    /// (SARIF for code scanning); null keeps paths as they were given.
    /// </summary>
    public string? BaseDirectory { get; init; }
}

/// <summary>Writes a scan result in one format.</summary>
public interface IReporter
{
    /// <summary>The <c>--format</c> name.</summary>
    string Format { get; }

    /// <summary>Writes <paramref name="result"/> to <paramref name="output"/>, byte for byte as <c>stockade scan --format</c> does.</summary>
    void Write(ScanResult result, Stream output, ReportOptions options);
}

/// <summary>
/// A format written while the scan runs (text, JSON, SARIF, JUnit): memory follows the documents
/// in flight, not the number of findings.
/// </summary>
internal interface IStreamingReporter : IReporter
{
    /// <summary>
    /// A sink writing to <paramref name="output"/> with <paramref name="options"/> and the
    /// <paramref name="failOn"/> threshold; <paramref name="profileName"/> is asked for when the
    /// report needs it (a scan that adds rules after the read names its profile only then);
    /// with <paramref name="baseline"/>, the report ends with its entries no finding matched (fixed);
    /// <paramref name="rules"/>, asked for at the end like the profile, are the rules a format that
    /// lists them (SARIF) describes (none when null).
    /// </summary>
    IReportSink Open(Stream output, ReportOptions options, Func<string> profileName, Severity? failOn, Baselines.Baseline? baseline = null,
        Func<IReadOnlyList<RuleMetadata>>? rules = null);
}

/// <summary>A sink that writes a report; its outcome is final after <see cref="IScanSink.Complete"/>.</summary>
internal interface IReportSink : IScanSink
{
    RunOutcome Outcome { get; }
}

internal static class ToolInfo
{
    public const string Name = "stockade";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    public const string InformationUri = "https://github.com/stockade-dev/stockade";
}
