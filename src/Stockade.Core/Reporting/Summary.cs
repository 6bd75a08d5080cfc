using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>Counts every reporter shows the same way.</summary>
public sealed record Summary(int Files, int Objects, int Passed, int Failed, int Findings, int Suppressed, int Errors, int Notes, IReadOnlyDictionary<Severity, int> BySeverity)
{
    /// <summary>Counts of a result. <c>Findings</c> and <c>BySeverity</c> count unsuppressed findings only.</summary>
    public static Summary Of(ScanResult r)
    {
        var bySeverity = new Dictionary<Severity, int> { [Severity.Critical] = 0, [Severity.High] = 0, [Severity.Medium] = 0, [Severity.Low] = 0 };
        var active = 0;
        foreach (var f in r.Findings)
        {
            if (f.Suppressed) continue;
            active++;
            bySeverity[f.Severity]++;
        }
        var passed = r.Objects.Count(o => o.Verdict == Verdict.Pass);
        return new Summary(r.FileCount, r.Objects.Count, passed, r.Objects.Count - passed, active, r.Findings.Count - active, r.Errors.Count, r.Notes.Count, bySeverity);
    }
}
