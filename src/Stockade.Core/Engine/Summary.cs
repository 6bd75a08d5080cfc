namespace Stockade.Engine;

/// <summary>
/// The counts of a scan, computed once (<see cref="ScanResult.Summary"/>, or by the text format
/// as it streams) and rendered by every format, so text, JSON, SARIF, JUnit and HTML cannot disagree.
/// <c>Findings</c> and <c>BySeverity</c> count unsuppressed findings only; <c>Suppressed</c> the
/// others, broken down by kind in <c>SuppressedByKind</c>. <c>BaselineFixed</c> counts the
/// baseline's entries no finding matched any more.
/// </summary>
public sealed record Summary(
    int Files,
    int Objects,
    int Passed,
    int Failed,
    int Findings,
    int Suppressed,
    IReadOnlyDictionary<SuppressionKind, int> SuppressedByKind,
    int Errors,
    int Notes,
    IReadOnlyDictionary<Severity, int> BySeverity,
    Severity? FailOn,
    int FailingFindings,
    int BaselineFixed = 0)
{
    internal static readonly Severity[] SeverityOrder = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low];

    /// <summary>Passed, failed or incomplete, as <see cref="ScanResult.Outcome"/>.</summary>
    public RunOutcome Outcome => Verdicts.Outcome(Errors > 0, FailingFindings > 0);

    /// <summary>The unsuppressed findings by rule, with the highest severity each was reported at (the HTML report's worst rules).</summary>
    public IReadOnlyDictionary<string, RuleCount> ByRule { get; init; } = new Dictionary<string, RuleCount>();

    /// <summary><see cref="ByRule"/>, the worst first: highest severity, then most findings, then rule id.</summary>
    public IEnumerable<KeyValuePair<string, RuleCount>> WorstRules =>
        ByRule.OrderByDescending(r => r.Value.Severity).ThenByDescending(r => r.Value.Count).ThenBy(r => r.Key, StringComparer.Ordinal);

    /// <summary>Counts of a result whose verdicts are settled (as <see cref="CollectingSink"/> leaves them).</summary>
    public static Summary Of(ScanResult r)
    {
        var counter = new SummaryCounter(r.FailOn);
        counter.Add(r.Objects, r.Findings, r.Errors.Count, r.Notes.Count);
        return counter.ToSummary(r.FileCount, r.BaselineFixed.Count);
    }
}

/// <summary>How many unsuppressed findings a rule reported, and the highest severity among them.</summary>
public readonly record struct RuleCount(int Count, Severity Severity);

/// <summary>
/// The running counts of a scan, kept as outcomes stream past; the cross-object findings at the
/// end settle the verdicts of the objects they are reported on (<see cref="AddCrossObject"/>).
/// </summary>
internal sealed class SummaryCounter(Severity? failOn)
{
    private readonly Dictionary<Severity, int> _bySeverity = Summary.SeverityOrder.ToDictionary(s => s, _ => 0);
    private readonly Dictionary<SuppressionKind, int> _suppressedByKind = Enum.GetValues<SuppressionKind>().ToDictionary(k => k, _ => 0);
    private readonly Dictionary<string, RuleCount> _byRule = new(StringComparer.Ordinal);
    private readonly ObjectLedger _ledger = new();
    private int _passed, _findings, _suppressed, _errors, _notes, _failing;

    public int Errors => _errors;

    /// <summary>The index of the counted object a finding is reported on (<see cref="ObjectLedger.OwnerOf"/>).</summary>
    public int? OwnerOf(Finding f) => _ledger.OwnerOf(f);

    /// <summary>The outcome of what has been counted so far (final once the cross-object findings are in).</summary>
    public RunOutcome Outcome => Verdicts.Outcome(_errors > 0, _failing > 0);

    public void Add(IEnumerable<ObjectResult> objects, IEnumerable<Finding> findings, int errors, int notes)
    {
        foreach (var o in objects)
        {
            _ledger.Add(o);
            if (o.Verdict == Verdict.Pass) _passed++;
        }
        foreach (var f in findings)
        {
            if (f.Suppressed)
            {
                _suppressed++;
                _suppressedByKind[f.SuppressionKind]++;
                continue;
            }
            _findings++;
            _bySeverity[f.Severity]++;
            _byRule[f.Rule] = _byRule.TryGetValue(f.Rule, out var r)
                ? new RuleCount(r.Count + 1, f.Severity > r.Severity ? f.Severity : r.Severity)
                : new RuleCount(1, f.Severity);
            if (Verdicts.Fails(f, failOn)) _failing++;
        }
        _errors += errors;
        _notes += notes;
    }

    /// <summary>
    /// Counts the findings over everything scanned together, and fails the objects they fail;
    /// returns those objects' indexes in input order, for a sink that writes the verdicts last.
    /// </summary>
    public List<int> AddCrossObject(IReadOnlyList<Finding> findings)
    {
        Add([], findings, 0, 0);
        var failed = _ledger.Settle(findings, failOn);
        _passed -= failed.Count;
        return failed;
    }

    public Summary ToSummary(int files, int baselineFixed = 0) =>
        new(files, _ledger.Count, _passed, _ledger.Count - _passed, _findings, _suppressed, new Dictionary<SuppressionKind, int>(_suppressedByKind),
            _errors, _notes, new Dictionary<Severity, int>(_bySeverity), failOn, _failing, baselineFixed)
        {
            ByRule = new Dictionary<string, RuleCount>(_byRule, StringComparer.Ordinal),
        };
}
