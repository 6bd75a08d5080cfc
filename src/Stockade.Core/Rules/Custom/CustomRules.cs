using Stockade.Config;
using Stockade.Engine;

namespace Stockade.Rules.Custom;

/// <summary>The configuration's custom rules as rules, joining whatever profile a command applies.</summary>
internal static class CustomRules
{
    /// <summary>One rule per <c>customRules:</c> entry: over pods, or over whole objects.</summary>
    public static IReadOnlyList<Rule> Of(StockadeConfig config) =>
        config.CustomRules.Select(d => d.Target == CustomRuleTarget.PodTemplate ? (Rule)new CustomPodRule(d) : new CustomObjectRule(d)).ToList();

    /// <summary>
    /// The profile plus the custom rules. They join every profile, <c>none</c> included (they are
    /// not built-in rules); <c>rules: {custom:ID: off}</c> turns one off. They run in the first
    /// pass; a profile whose needs build its rules anew from the input (the namespace profile) gets
    /// a last need that joins them again, so the full profile reports them too.
    /// </summary>
    public static Profile Join(Profile profile, StockadeConfig config)
    {
        if (config.CustomRules.Count == 0) return profile;
        var rules = Of(config);
        var joined = With(profile, rules);
        if (profile.Needs.Count == 0) return joined;
        var rejoin = new InputNeed { Kinds = new HashSet<string>(StringComparer.Ordinal), Resolve = (resolved, _, _) => With(resolved, rules) };
        return new Profile(joined.Name, joined.Description, joined.Rules) { Needs = [.. profile.Needs, rejoin] };
    }

    private static Profile With(Profile profile, IReadOnlyList<Rule> rules)
    {
        var ids = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return new Profile(profile.Name, profile.Description + $" Plus {rules.Count} custom rule{(rules.Count == 1 ? "" : "s")}.",
            profile.Rules.Where(r => !ids.Contains(r.Id)).Concat(rules)) { Needs = profile.Needs };
    }
}
