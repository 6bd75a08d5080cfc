using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>
/// The one rule for what fails: a finding fails when it is not suppressed and is at or above the
/// threshold; an object fails when a finding reported on it fails (whether a rule found it in
/// the object's own document or over everything scanned together) or the API server would reject it.
/// </summary>
public static class Verdicts
{
    public static bool Fails(Finding f, Severity? failOn) => !f.Suppressed && failOn is { } t && f.Severity >= t;
}

/// <summary>
/// The objects of a scan as they stream past, by identity, so that findings can be matched to the
/// object they are reported on — in particular the cross-object findings that only arrive once
/// everything is read, and that can turn an object's verdict to fail after it was first given.
/// Keeps a few words per object, never the object.
/// </summary>
public sealed class ObjectLedger
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
