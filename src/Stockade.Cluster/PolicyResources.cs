using Stockade.Vap;

namespace Stockade.Cluster;

/// <summary>
/// What a live audit must list for the loaded ValidatingAdmissionPolicies, found through discovery:
/// the resources their <c>matchConstraints</c> resource rules match (so a policy on Ingresses, or on
/// a custom resource, judges them and not only the audit's fixed kinds), and the kinds their
/// <c>paramKind</c> names. Each is <see cref="AuditedKind.Required"/>.
/// </summary>
internal static class PolicyResources
{
    /// <summary>The audit's kinds with the ones the policies match: a fixed kind a policy matches is listed whole (the API server evaluates the policy on a controller's ReplicaSets and pods too).</summary>
    public static IReadOnlyList<AuditedKind> Audited(IReadOnlyList<AuditedKind> fixedKinds, IReadOnlyList<DiscoveredResource> matched)
    {
        var byKey = matched.ToDictionary(r => (r.Group, r.Resource));
        var result = fixedKinds.Select(k => byKey.ContainsKey((Group(k.ApiVersion), k.Resource)) ? k with { Include = null, Required = true } : k).ToList();
        var listed = fixedKinds.Select(k => (Group(k.ApiVersion), k.Resource)).ToHashSet();
        result.AddRange(matched.Where(r => !listed.Contains((r.Group, r.Resource))).Select(r => new AuditedKind(r.Resource, r.ApiVersion, r.Kind, r.Namespaced) { Required = true }));
        return result;
    }

    /// <summary>
    /// The resources the bound policies' resource rules match, one version each (the rule's first
    /// version the group serves, or its preferred one for <c>*</c>), as upstream matches: <c>*</c> and
    /// <c>*/*</c> every resource, a name that resource; subresources are not objects to list.
    /// The policies and bindings themselves are configuration, not judged.
    /// </summary>
    public static IReadOnlyList<DiscoveredResource> Matched(VapPolicySet set, ApiDiscovery discovery)
    {
        var result = new Dictionary<(string, string), DiscoveredResource>();
        var bound = set.Policies.Where(p => set.BindingsOf(p).Any());
        foreach (var rule in bound.SelectMany(p => p.MatchConstraints.ResourceRules))
        {
            foreach (var (group, versions, preferred) in discovery.Groups())
            {
                if (!rule.ApiGroups.Contains("*") && !rule.ApiGroups.Contains(group)) continue;
                var version = rule.ApiVersions.Contains("*") ? preferred : rule.ApiVersions.FirstOrDefault(versions.Contains);
                if (version is not { Length: > 0 }) continue;
                foreach (var r in discovery.Resources(group, version))
                {
                    if (!r.Listable || group == "admissionregistration.k8s.io" && r.Resource.StartsWith("validatingadmissionpolic", StringComparison.Ordinal)) continue;
                    if (rule.Resources.Any(x => x is "*" or "*/*" || x == r.Resource)) result.TryAdd((group, r.Resource), r);
                }
            }
        }
        return result.Values.ToList();
    }

    /// <summary>The resources of the bound policies' <c>paramKind</c>s; a kind the cluster does not serve is an error (the params cannot be read).</summary>
    public static IReadOnlyList<AuditedKind> Params(VapPolicySet set, ApiDiscovery discovery)
    {
        var result = new List<AuditedKind>();
        foreach (var kind in set.Policies.Where(p => set.BindingsOf(p).Any()).Select(p => p.ParamKind).OfType<VapParamKind>().Distinct())
        {
            var (group, version) = VapResources.Split(kind.ApiVersion);
            var r = discovery.Resources(group, version).FirstOrDefault(x => x.Kind == kind.Kind)
                ?? throw new DiscoveryException($"paramKind {kind.ApiVersion} {kind.Kind}: not served by this cluster");
            if (result.All(k => k.Resource != r.Resource || k.ApiVersion != r.ApiVersion)) result.Add(new AuditedKind(r.Resource, r.ApiVersion, r.Kind, r.Namespaced) { Required = true });
        }
        return result;
    }

    /// <summary>The cluster's own policies and bindings (<c>--bundle-policies</c>), v1.</summary>
    public static IReadOnlyList<AuditedKind> PolicyObjects { get; } =
    [
        new("validatingadmissionpolicies", "admissionregistration.k8s.io/v1", VapReader.PolicyKind, false) { Required = true },
        new("validatingadmissionpolicybindings", "admissionregistration.k8s.io/v1", VapReader.BindingKind, false) { Required = true },
    ];

    private static string Group(string apiVersion) => VapResources.Split(apiVersion).Group;
}
