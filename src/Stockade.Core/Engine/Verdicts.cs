using Stockade.Config;
using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>
/// What a run comes to, by <see cref="Verdicts.Outcome"/>. Each value is the documented exit code
/// (docs/exit-codes.md) that the JSON report carries as <c>summary.exitCode</c>; the CLI's
/// <c>ExitCodes</c> names them.
/// </summary>
public enum RunOutcome
{
    /// <summary>Everything was read and nothing fails.</summary>
    Passed = 0,

    /// <summary>Everything was read and something fails: a finding at or above the threshold, a pod no policy admits.</summary>
    Failed = 1,

    /// <summary>Something could not be read; what could was still checked and reported.</summary>
    Incomplete = 2,
}

/// <summary>
/// The one rule for what fails: a finding fails when it is not suppressed and is at or above the
/// threshold (<c>--fail-on</c>, else the configuration's <c>failOn</c>, else <see cref="DefaultFailOn"/>);
/// an object fails when a finding reported on it fails (whether a rule found it in
/// the object's own document or over everything scanned together) or the API server would reject it;
/// a run is <see cref="RunOutcome.Incomplete"/> when anything could not be read, else
/// <see cref="RunOutcome.Failed"/> when anything fails.
/// </summary>
internal static class Verdicts
{
    /// <summary>The threshold when neither the command line nor the configuration sets one.</summary>
    public const Severity DefaultFailOn = Severity.High;

    public static bool Fails(Finding f, Severity? failOn) => !f.Suppressed && failOn is { } t && f.Severity >= t;

    /// <summary>The configuration's threshold: <c>failOn: none</c> is null (nothing fails), unset is <see cref="DefaultFailOn"/>.</summary>
    public static Severity? FailOn(StockadeConfig config) => config.FailOnNone ? null : config.FailOn ?? DefaultFailOn;

    /// <summary>Errors win over failures: a run that could not read everything never reads as a plain failure, nor as passed.</summary>
    public static RunOutcome Outcome(bool anyError, bool anyFailing) =>
        anyError ? RunOutcome.Incomplete : anyFailing ? RunOutcome.Failed : RunOutcome.Passed;
}

/// <summary>
/// The objects of a scan as they stream past, by identity, so that findings can be matched to the
/// object they are reported on — in particular the cross-object findings that only arrive once
/// everything is read, and that can turn an object's verdict to fail after it was first given.
/// Keeps a few words per object, never the object.
/// </summary>
internal sealed class ObjectLedger
{
    private readonly Dictionary<(string File, ObjectRef Ref), List<(int Line, int Index)>> _byIdentity = new();
    private readonly List<Verdict> _verdicts = new();

    public int Count => _verdicts.Count;

    public static ObjectLedger Of(IEnumerable<ObjectResult> objects)
    {
        var ledger = new ObjectLedger();
        foreach (var o in objects) ledger.Add(o);
        return ledger;
    }

    /// <summary>Records an object; returns its index (its position in input order).</summary>
    public int Add(ObjectResult o)
    {
        var index = _verdicts.Count;
        _verdicts.Add(o.Verdict);
        if (!_byIdentity.TryGetValue((o.File, o.Object), out var same)) _byIdentity[(o.File, o.Object)] = same = new();
        same.Add((o.Line, index));
        return index;
    }

    /// <summary>
    /// The index of the object a finding is reported on: the one with its file and identity, and
    /// of several with the same identity in one file (the same name written twice), the last that
    /// starts at or before the finding. Null when no scanned object has its identity.
    /// </summary>
    public int? OwnerOf(Finding f)
    {
        if (!_byIdentity.TryGetValue((f.File, f.Object), out var same)) return null;
        var owner = same[0].Index;
        foreach (var (line, index) in same)
        {
            if (line <= f.Line) owner = index;
        }
        return owner;
    }

    /// <summary>
    /// Applies findings that arrive after their objects: every object one of them fails, and that
    /// passed until now, fails. Returns the indexes of the objects whose verdict changed.
    /// </summary>
    public List<int> Settle(IEnumerable<Finding> lateFindings, Severity? failOn)
    {
        var changed = new List<int>();
        foreach (var f in lateFindings)
        {
            if (!Verdicts.Fails(f, failOn) || OwnerOf(f) is not { } i || _verdicts[i] == Verdict.Fail) continue;
            _verdicts[i] = Verdict.Fail;
            changed.Add(i);
        }
        return changed;
    }
}
