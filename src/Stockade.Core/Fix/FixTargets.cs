using Stockade.Engine;

namespace Stockade.Fix;

/// <summary>
/// The unsuppressed findings of one pod, by rule: what a fix may change. An exempted finding is not
/// here, so its container (or pod) keeps what it has, and a pod-level edit is chosen only when it
/// would not change a container whose finding is exempted.
/// </summary>
internal sealed class FixTargets
{
    private readonly Dictionary<string, List<Finding>> _byRule = new(StringComparer.Ordinal);

    public FixTargets(IEnumerable<Finding> findings)
    {
        foreach (var f in findings)
        {
            if (f.Suppressed) continue;
            if (!_byRule.TryGetValue(f.Rule, out var list)) _byRule[f.Rule] = list = [];
            list.Add(f);
        }
    }

    public IEnumerable<string> Rules => _byRule.Keys;

    /// <summary>
    /// The first of <paramref name="rules"/> with a finding on the container named
    /// <paramref name="container"/>, or on the whole pod (a Pod Security control names every
    /// container it fails in one finding, and is exempted for the pod as a whole).
    /// </summary>
    public string? RuleFor(string container, params string[] rules) =>
        rules.FirstOrDefault(r => _byRule.TryGetValue(r, out var l) && l.Any(f => f.Container == container || f.Container == null));

    /// <summary>The first of <paramref name="rules"/> with a finding at exactly <paramref name="path"/>.</summary>
    public string? RuleAt(string path, params string[] rules) =>
        rules.FirstOrDefault(r => _byRule.TryGetValue(r, out var l) && l.Any(f => f.Path == path));

    /// <summary>The first of <paramref name="rules"/> with a finding about the pod rather than a container.</summary>
    public string? PodRule(params string[] rules) =>
        rules.FirstOrDefault(r => _byRule.TryGetValue(r, out var l) && l.Any(f => f.Container == null));
}
