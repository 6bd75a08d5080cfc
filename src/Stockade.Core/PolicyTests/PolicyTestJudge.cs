using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.PolicyTests;

/// <summary>How one case came out: <see cref="Error"/> when it could not be judged (its resource or rule is missing).</summary>
internal sealed record PolicyTestOutcome(PolicyTestCase Case, bool Passed, string Detail, bool Error = false);

/// <summary>
/// Judges a test file's cases against the scan of its resources. A case's resource fails when a
/// finding that is not suppressed is on it (of the case's rule, when it names one), and passes
/// otherwise; a resource or rule the case names that the run does not have is an error, never a pass.
/// </summary>
internal static class PolicyTestJudge
{
    public static IReadOnlyList<PolicyTestOutcome> Judge(PolicyTestFile test, ScanResult result)
    {
        var rules = result.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var findings = result.Findings.Where(f => !f.Suppressed).ToLookup(f => f.Object);
        return test.Cases.Select(c => Judge(c, result.Objects, rules, findings)).ToList();
    }

    private static PolicyTestOutcome Judge(PolicyTestCase c, IReadOnlyList<ObjectResult> objects, HashSet<string> rules, ILookup<ObjectRef, Finding> findings)
    {
        if (c.Rule != null && !rules.Contains(c.Rule))
        {
            var policies = rules.Where(r => r.StartsWith("vap:", StringComparison.Ordinal) || r.StartsWith(Rules.Custom.CustomRuleDefinition.Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            return new(c, false, $"no rule {c.Rule} in this run (policies loaded: {(policies.Count == 0 ? "none" : string.Join(", ", policies))})", Error: true);
        }
        var matches = objects.Where(o => Matches(c, o.Object)).ToList();
        if (matches.Count == 0) return new(c, false, $"no resource {Describe(c)} among the test's resources", Error: true);
        if (matches.Count > 1)
            return new(c, false, $"{Describe(c)} names {matches.Count} resources ({string.Join(", ", matches.Select(m => $"{m.Object} at {m.File}:{m.Line}"))}): add its kind or namespace", Error: true);
        var target = matches[0];
        var found = findings[target.Object].Where(f => c.Rule == null || f.Rule == c.Rule).ToList();
        var at = $"{target.Object} at {target.File}:{target.Line}";
        if (!c.ExpectFail)
            return found.Count == 0 ? new(c, true, $"{at} passes") : new(c, false, $"expected pass, got fail: {at}: {string.Join("; ", found.Select(f => $"{f.Rule}: {f.Message}"))}");
        if (found.Count == 0) return new(c, false, $"expected fail, got pass: {at}{(c.Rule != null ? $" has no {c.Rule} finding" : " has no finding")}");
        if (c.Message != null && !found.Any(f => f.Message.Contains(c.Message, StringComparison.Ordinal)))
            return new(c, false, $"failed, but no finding says \"{c.Message}\": {at}: {string.Join("; ", found.Select(f => $"{f.Rule}: {f.Message}"))}");
        return new(c, true, $"{at} fails: {string.Join("; ", found.Select(f => f.Rule).Distinct())}");
    }

    private static bool Matches(PolicyTestCase c, ObjectRef o) =>
        o.Name == c.ResourceName
        && (c.ResourceKind == null || string.Equals(o.Kind, c.ResourceKind, StringComparison.Ordinal))
        && (c.ResourceNamespace == null || (o.Namespace ?? "") == c.ResourceNamespace);

    private static string Describe(PolicyTestCase c) =>
        $"\"{c.Resource}\"{(c.ResourceKind != null && !c.Resource.Contains('/') ? $" of kind {c.ResourceKind}" : "")}{(c.ResourceNamespace != null && c.Resource.Split('/').Length < 3 ? $" in namespace {c.ResourceNamespace}" : "")}";
}
