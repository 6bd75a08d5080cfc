namespace Stockade.Vap;

/// <summary>
/// Whether a request is in scope of <c>matchConstraints</c> / <c>matchResources</c>, as upstream's
/// <c>admission/plugin/policy/matching</c> decides: namespace selector, object selector, then the
/// resource rules (exclusions first; with <c>matchPolicy: Equivalent</c> the other group/versions
/// serving the same resource match too). A namespace selector on a request whose Namespace's labels
/// are unknown throws <see cref="VapNamespaceUnknownException"/>: not matching would skip the policy.
/// </summary>
internal static class VapMatcher
{
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static bool Matches(VapMatchResources m, VapRequest r, bool emptyRulesMatchAll = false)
    {
        if (!NamespaceMatches(m.NamespaceSelector, r)) return false;
        if (!m.ObjectSelector.IsEverything && !m.ObjectSelector.Matches(r.Labels) && !(r.OldLabels != null && m.ObjectSelector.Matches(r.OldLabels))) return false;
        if (m.ExcludeResourceRules.Any(rule => RuleMatches(rule, r, r.Resource.Group, r.Resource.Version))) return false;
        if (m.ResourceRules.Count == 0) return emptyRulesMatchAll;
        if (m.ResourceRules.Any(rule => RuleMatches(rule, r, r.Resource.Group, r.Resource.Version))) return true;
        if (!m.Equivalent) return false;
        foreach (var gv in VapResources.EquivalentVersions(r.Resource))
        {
            var (group, version) = VapResources.Split(gv);
            if (m.ResourceRules.Any(rule => RuleMatches(rule, r, group, version))) return true;
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

    private static bool RuleMatches(VapResourceRule rule, VapRequest r, string group, string version) =>
        (rule.Operations.Contains("*") || rule.Operations.Contains(r.Operation))
        && (rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(group))
        && (rule.ApiVersions.Contains("*") || rule.ApiVersions.Contains(version))
        && rule.Resources.Any(res => ResourceMatches(res, r.Resource.Resource, r.Subresource))
        && (rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(r.Name));

    private static bool ResourceMatches(string pattern, string resource, string subresource)
    {
        var slash = pattern.IndexOf('/');
        var (res, sub) = slash < 0 ? (pattern, "") : (pattern[..slash], pattern[(slash + 1)..]);
        return (res == "*" || res == resource) && (sub == "*" || sub == subresource);
    }
}

/// <summary>A namespace selector could not be evaluated: the request's Namespace and its labels are unknown.</summary>
internal sealed class VapNamespaceUnknownException(string message) : Exception(message);
