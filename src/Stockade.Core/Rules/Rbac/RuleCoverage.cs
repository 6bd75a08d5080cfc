using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>
/// Whether some policy rules allow everything another rule allows, as the API server decides it
/// when it reconciles a bootstrap role (pkg/registry/rbac/validation/policy_comparator.go,
/// <c>Covers</c>): the rule is broken down into one verb on one resource of one group (one name
/// each, when narrowed by resourceNames), or one verb on one URL, and each piece must be allowed by
/// a single owner rule.
/// </summary>
internal static class RuleCoverage
{
    public static bool Covers(IReadOnlyList<PolicyRuleSummary> owner, PolicyRuleSummary rule)
    {
        foreach (var group in rule.ApiGroups)
        foreach (var resource in rule.Resources)
        foreach (var verb in rule.Verbs)
        {
            if (rule.ResourceNames.Count == 0)
            {
                if (!owner.Any(o => CoversResource(o, group, resource, verb, null))) return false;
                continue;
            }
            foreach (var name in rule.ResourceNames)
            {
                if (!owner.Any(o => CoversResource(o, group, resource, verb, name))) return false;
            }
        }
        foreach (var url in rule.NonResourceUrls)
        foreach (var verb in rule.Verbs)
        {
            if (!owner.Any(o => Has(o.Verbs, verb) && o.NonResourceUrls.Any(u => UrlCovers(u, url)))) return false;
        }
        return true;
    }

    private static bool CoversResource(PolicyRuleSummary o, string group, string resource, string verb, string? name) =>
        Has(o.Verbs, verb) && Has(o.ApiGroups, group) && ResourceCovers(o.Resources, resource)
        && (o.ResourceNames.Count == 0 || name != null && o.ResourceNames.Contains(name));

    private static bool Has(IReadOnlyList<string> values, string value) => values.Contains("*") || values.Contains(value);

    // "*", the resource itself, or "*/sub" for a subresource "x/sub" (resourceCoversAll).
    private static bool ResourceCovers(IReadOnlyList<string> owner, string resource)
    {
        if (owner.Contains("*") || owner.Contains(resource)) return true;
        var slash = resource.IndexOf('/');
        return slash >= 0 && owner.Contains("*" + resource[slash..]);
    }

    // A URL rule ending in "*" covers every URL with that prefix (nonResourceURLCovers).
    private static bool UrlCovers(string owner, string url) =>
        owner == url || owner.EndsWith('*') && url.StartsWith(owner[..^1], StringComparison.Ordinal);
}
