namespace Stockade.Vap;

/// <summary>
/// Whether a request is in scope of <c>matchConstraints</c> / <c>matchResources</c>, as upstream's
/// <c>admission/plugin/policy/matching</c> decides: namespace selector, object selector and the
/// resource rules (exclusions first; with <c>matchPolicy: Equivalent</c> the other group/versions
/// serving the same resource match too). A namespace selector on a request whose Namespace's labels
/// are unknown throws <see cref="VapNamespaceUnknownException"/> when everything else matches
/// (upstream returns its error only then): not matching would skip the policy.
/// </summary>
internal static class VapMatcher
{
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static bool Matches(VapMatchResources m, VapRequest r, bool emptyRulesMatchAll = false)
    {
        // Upstream's order of answers: a selector that does not match, an exclusion, or no rule
        // matching is "no match"; only a request every rule and selector would take reports that
        // its Namespace is unknown. So the cheap, most selective test (the resource) comes first,
        // and a Namespace that cannot be looked up is an error only for requests the policy is about.
        if (m.ExcludeResourceRules.Count > 0 && RulesMatch(m.ExcludeResourceRules, r, m.Equivalent)) return false;
        if (m.ResourceRules.Count == 0 ? !emptyRulesMatchAll : !RulesMatch(m.ResourceRules, r, m.Equivalent)) return false;
        if (!m.ObjectSelector.IsEverything && !m.ObjectSelector.Matches(r.Labels) && !(r.OldLabels != null && m.ObjectSelector.Matches(r.OldLabels))) return false;
        return NamespaceMatches(m.NamespaceSelector, r);
    }

    // With matchPolicy Equivalent, the other group/versions serving the same resource match too;
    // they serve it under the same name, so a rule that names neither it nor "*" cannot match.
    private static bool RulesMatch(IReadOnlyList<VapResourceRule> rules, VapRequest r, bool equivalent)
    {
        var named = false;
        foreach (var rule in rules)
        {
            if (!ResourceMatches(rule, r)) continue;
            named = true;
            if (RuleMatches(rule, r, r.Resource.Group, r.Resource.Version)) return true;
        }
        if (!equivalent || !named) return false;
        foreach (var gv in VapResources.EquivalentVersions(r.Resource))
        {
            var (group, version) = VapResources.Split(gv);
            foreach (var rule in rules)
                if (ResourceMatches(rule, r) && RuleMatches(rule, r, group, version)) return true;
        }
        return false;
    }

    private static bool NamespaceMatches(VapLabelSelector selector, VapRequest r)
    {
        if (selector.IsEverything) return true;
        // A Namespace is matched by its own labels; other cluster-scoped objects always match.
        if (r.Resource is { Group: "", Resource: "namespaces" }) return selector.Matches(WithNameLabel(r.Labels, r.Name));
        if (!r.Resource.Namespaced) return true;
        if (r.NamespaceLabels == null) throw new VapNamespaceUnknownException(r.NamespaceUnknown.Length > 0 ? r.NamespaceUnknown : $"namespace \"{r.Namespace}\" not found");
        return selector.Matches(WithNameLabel(r.NamespaceLabels, r.Namespace));
    }

    // The API server sets kubernetes.io/metadata.name on every Namespace; a Namespace written in a file lacks it.
    private static Dictionary<string, string> WithNameLabel(IReadOnlyDictionary<string, string> labels, string name) =>
        new(labels) { [NamespaceNameLabel] = name };

    private static bool ResourceMatches(VapResourceRule rule, VapRequest r)
    {
        foreach (var pattern in rule.Resources)
            if (ResourceMatches(pattern, r.Resource.Resource, r.Subresource)) return true;
        return false;
    }

    private static bool RuleMatches(VapResourceRule rule, VapRequest r, string group, string version) =>
        (rule.Operations.Contains("*") || rule.Operations.Contains(r.Operation))
        && (rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(group))
        && (rule.ApiVersions.Contains("*") || rule.ApiVersions.Contains(version))
        && (rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(r.Name));

    private static bool ResourceMatches(string pattern, string resource, string subresource)
    {
        var slash = pattern.IndexOf('/');
        if (slash < 0) return (pattern == "*" || pattern == resource) && subresource.Length == 0;
        var res = pattern.AsSpan(0, slash);
        var sub = pattern.AsSpan(slash + 1);
        return (res is "*" || res.SequenceEqual(resource)) && (sub is "*" || sub.SequenceEqual(subresource));
    }
}

/// <summary>A namespace selector could not be evaluated: the request's Namespace and its labels are unknown.</summary>
internal sealed class VapNamespaceUnknownException(string message) : Exception(message);
