namespace Stockade.Engine;

/// <summary>
/// Receives a scan's results in input order, each document's outcome as soon as the documents
/// before it are done, so a report can be written while the scan runs and nothing needs to hold
/// every finding.
/// </summary>
internal interface IScanSink
{
    /// <summary>One outcome, in input order. Called from one thread at a time.</summary>
    void Add(DocumentOutcome outcome);

    /// <summary>
    /// The end: findings over everything scanned together, and how many inputs were read. A
    /// failing cross-object finding fails the object it is reported on, which may already have
    /// been given to <see cref="Add"/> as passing: a sink settles that verdict here.
    /// </summary>
    /// <remarks>
    /// The findings are enumerated once, as they are settled (those held for the bundle may come
    /// back from a spill file): a sink that keeps them copies them.
    /// </remarks>
    void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount);
}

/// <summary>Keeps everything, for callers that want a <see cref="ScanResult"/>.</summary>
/// <param name="options">The scan's options.</param>
/// <param name="profile">The profile applied, once the scan is complete (by default the options' profile).</param>
internal sealed class CollectingSink(ScanOptions options, Func<Profile>? profile = null) : IScanSink
{
    private readonly List<ObjectResult> _objects = new();
    private readonly List<Finding> _findings = new();
    private readonly List<ScanError> _errors = new();
    private readonly List<ScanNote> _notes = new();
    private ScanResult? _result;

    public ScanResult Result => _result ?? throw new InvalidOperationException("the scan has not completed");

    public void Add(DocumentOutcome outcome)
    {
        _objects.AddRange(outcome.Objects);
        _findings.AddRange(outcome.Findings);
        _errors.AddRange(outcome.Errors);
        _notes.AddRange(outcome.Notes);
    }

    public void Complete(IEnumerable<Finding> late, int fileCount)
    {
        var crossObjectFindings = late.ToList();
        _findings.AddRange(crossObjectFindings);
        // A cross-object finding (RBAC, namespaces) fails the object it is reported on, like any other.
        foreach (var i in ObjectLedger.Of(_objects).Settle(crossObjectFindings, options.FailOn)) _objects[i] = _objects[i] with { Verdict = Verdict.Fail };
        var applied = profile?.Invoke() ?? options.Profile;
        _result = new ScanResult
        {
            Objects = _objects,
            Findings = _findings,
            Errors = _errors,
            Notes = _notes,
            FailOn = options.FailOn,
            ProfileName = applied.Name,
            FileCount = fileCount,
            Rules = options.RulesReported(applied),
            // Known only now: the late findings above used their entries as they were enumerated.
            BaselineFixed = options.Baseline?.Unmatched() ?? [],
            Baseline = options.Baseline?.Origin,
        };
    }
}
