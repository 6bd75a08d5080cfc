using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>Counts every reporter shows the same way.</summary>
public sealed record Summary(int Files, int Objects, int Passed, int Failed, int Findings, int Suppressed, int Errors, int Notes, IReadOnlyDictionary<Severity, int> BySeverity)
{
    /// <summary>Counts of a result. <c>Findings</c> and <c>BySeverity</c> count unsuppressed findings only.</summary>
    public static Summary Of(ScanResult r)
    {
        var counter = new SummaryCounter(r.FailOn);
        counter.Add(r.Objects, r.Findings, r.Errors.Count, r.Notes.Count);
        return counter.ToSummary(r.FileCount);
    }
}

/// <summary>The running counts of a scan, kept as outcomes stream past.</summary>
public sealed class SummaryCounter(Severity? failOn)
{
    private readonly Dictionary<Severity, int> _bySeverity = new() { [Severity.Critical] = 0, [Severity.High] = 0, [Severity.Medium] = 0, [Severity.Low] = 0 };
    private int _objects, _passed, _findings, _suppressed, _errors, _notes;

    /// <summary>An unsuppressed finding at or above the threshold was seen.</summary>
    public bool HasFailingFindings { get; private set; }

    public int Errors => _errors;

    /// <summary>The documented exit code: 2 when any input could not be read, else 1 on failing findings, else 0.</summary>
    public int ExitCode => _errors > 0 ? 2 : HasFailingFindings ? 1 : 0;

    public void Add(IEnumerable<ObjectResult> objects, IEnumerable<Finding> findings, int errors, int notes)
    {
        foreach (var o in objects)
        {
            _objects++;
            if (o.Verdict == Verdict.Pass) _passed++;
        }
        foreach (var f in findings)
        {
            if (f.Suppressed)
            {
                _suppressed++;
                continue;
            }
            _findings++;
            _bySeverity[f.Severity]++;
            if (failOn is { } t && f.Severity >= t) HasFailingFindings = true;
        }
        _errors += errors;
        _notes += notes;
    }

    public Summary ToSummary(int files) =>
        new(files, _objects, _passed, _objects - _passed, _findings, _suppressed, _errors, _notes, new Dictionary<Severity, int>(_bySeverity));
}
