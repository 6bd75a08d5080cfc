using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>An input that could not be read, a document the API server would reject, a bad exemption.</summary>
public sealed record ScanError(string File, int Line, int Column, string Message);

/// <summary>Something worth saying that is not a failure: a skipped non-Kubernetes document, an expired exemption.</summary>
public sealed record ScanNote(string File, int Line, int Column, string Message);

public enum Verdict
{
    Pass,
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
    public required IReadOnlyList<ObjectResult> Objects { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public required IReadOnlyList<ScanError> Errors { get; init; }
    public required IReadOnlyList<ScanNote> Notes { get; init; }

    /// <summary>Findings at or above this severity fail the run; null means nothing does.</summary>
    public required Severity? FailOn { get; init; }

    public required string ProfileName { get; init; }

    public int FileCount { get; init; }

    /// <summary>The rules that ran: the profile's rules the configuration leaves on, at their configured severity.</summary>
    public IReadOnlyList<RuleMetadata> Rules { get; init; } = [];

    /// <summary>The baseline's entries no finding matched: fixed since the baseline was written (empty without a baseline).</summary>
    public IReadOnlyList<Baselines.BaselineEntry> BaselineFixed { get; init; } = [];

    /// <summary>The baseline the findings were compared with, as the reports name it; null without one.</summary>
    public string? Baseline { get; init; }

    private Summary? _summary;

    /// <summary>The counts every format renders, computed once.</summary>
    public Summary Summary => _summary ??= Summary.Of(this);

    /// <summary>True when an unsuppressed finding is at or above <see cref="FailOn"/>.</summary>
    public bool HasFailingFindings => Summary.FailingFindings > 0;

    public RunOutcome Outcome => Summary.Outcome;
}
