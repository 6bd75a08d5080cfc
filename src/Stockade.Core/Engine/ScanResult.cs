using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>An input that could not be read, a document the API server would reject, a bad exemption.</summary>
public sealed record ScanError(string File, int Line, int Column, string Message);

/// <summary>Something worth saying that is not a failure: a skipped non-Kubernetes document, an expired exemption.</summary>
public sealed record ScanNote(string File, int Line, int Column, string Message);

/// <summary>Whether an object passes the profile.</summary>
public enum Verdict
{
    /// <summary>No unsuppressed finding at or above the failing severity.</summary>
    Pass,
    /// <summary>An unsuppressed finding at or above the failing severity.</summary>
    Fail,
}

/// <summary>
/// An object that was scanned, and whether it passes (<see cref="Verdicts"/>): in a
/// <see cref="ScanResult"/>, settled against every finding, the cross-object ones included.
/// </summary>
public sealed record ObjectResult(string File, int Line, ObjectRef Object, Verdict Verdict);

/// <summary>Everything a scan produced, in file and document order.</summary>
public sealed class ScanResult
{
    /// <summary>Every object scanned, with its verdict.</summary>
    public required IReadOnlyList<ObjectResult> Objects { get; init; }
    /// <summary>Every finding, suppressed ones included (<see cref="Finding.Suppressed"/>).</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>Inputs that could not be read or judged: a result with an error is <see cref="RunOutcome.Incomplete"/>.</summary>
    public required IReadOnlyList<ScanError> Errors { get; init; }
    /// <summary>Documents that are not Kubernetes objects, expired exemptions, rules not run.</summary>
    public required IReadOnlyList<ScanNote> Notes { get; init; }

    /// <summary>Findings at or above this severity fail the run; null means nothing does.</summary>
    public required Severity? FailOn { get; init; }

    /// <summary>The name of the profile applied.</summary>
    public required string ProfileName { get; init; }

    /// <summary>How many inputs were read.</summary>
    public int FileCount { get; init; }

    /// <summary>The rules that ran: the profile's rules the configuration leaves on, at their configured severity.</summary>
    public IReadOnlyList<RuleMetadata> Rules { get; init; } = [];

    /// <summary>The baseline's entries no finding matched: fixed since the baseline was written (empty without a baseline).</summary>
    internal IReadOnlyList<Baselines.BaselineEntry> BaselineFixed { get; init; } = [];

    /// <summary>The baseline the findings were compared with, as the reports name it; null without one.</summary>
    public string? Baseline { get; init; }

    private Summary? _summary;

    /// <summary>The counts every format renders, computed once.</summary>
    public Summary Summary => _summary ??= Summary.Of(this);

    /// <summary>True when an unsuppressed finding is at or above <see cref="FailOn"/>.</summary>
    public bool HasFailingFindings => Summary.FailingFindings > 0;

    /// <summary>The exit policy of <c>stockade scan</c>: passed, failed or incomplete.</summary>
    public RunOutcome Outcome => Summary.Outcome;
}
