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
    /// With <c>matchPolicy: Equivalent</c> (the default) a rule whose versions the cluster no longer
    /// serves still matches the same objects in another version of the group, or in the group the
    /// resource moved to (<c>extensions/v1beta1</c> Deployments are <c>apps/v1</c> ones): the objects
    /// are the same whichever version lists them. The policies and bindings themselves are
    /// configuration, not judged.
    /// </summary>
    public static IReadOnlyList<DiscoveredResource> Matched(VapPolicySet set, ApiDiscovery discovery)
    {
        var result = new Dictionary<(string, string), DiscoveredResource>();
        var served = discovery.Groups();
        var bound = set.Policies.Where(p => set.BindingsOf(p).Any());
        foreach (var policy in bound)
        foreach (var rule in policy.MatchConstraints.ResourceRules)
        {
            var equivalent = policy.MatchConstraints.Equivalent;
            foreach (var (group, versions, preferred) in served)
            {
                if (!rule.ApiGroups.Contains("*") && !rule.ApiGroups.Contains(group)) continue;
                var version = rule.ApiVersions.Contains("*") ? preferred : rule.ApiVersions.FirstOrDefault(versions.Contains);
                if (version is not { Length: > 0 } && equivalent) version = preferred;
                if (version is not { Length: > 0 }) continue;
                AddMatching(result, discovery, rule, group, version, r => rule.Resources.Any(x => x is "*" or "*/*" || x == r));
            }
            if (!equivalent) continue;
            // A resource that moved groups: the rule's group/versions, as the equivalent-resource table knows them.
            foreach (var resource in rule.Resources.Where(x => x is not ("*" or "*/*") && !x.Contains('/')))
            foreach (var group in rule.ApiGroups.Where(g => g != "*"))
            foreach (var version in rule.ApiVersions.Where(v => v != "*"))
            foreach (var gv in VapResources.EquivalentVersions(new VapResource(group, version, resource, true)))
            {
                var (g, v) = VapResources.Split(gv);
                if (served.Any(s => s.Group == g && s.Versions.Contains(v))) AddMatching(result, discovery, rule, g, v, r => r == resource);
            }
        }
        return result.Values.ToList();
    }

    private static void AddMatching(Dictionary<(string, string), DiscoveredResource> result, ApiDiscovery discovery, VapResourceRule rule, string group, string version, Func<string, bool> named)
    {
        foreach (var r in discovery.Resources(group, version))
        {
            if (!r.Listable || group == "admissionregistration.k8s.io" && r.Resource.StartsWith("validatingadmissionpolic", StringComparison.Ordinal)) continue;
            if (named(r.Resource)) result.TryAdd((group, r.Resource), r);
        }
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

    private const string PolicyGroup = "admissionregistration.k8s.io";
    private static readonly string[] PolicyVersions = ["v1", "v1beta1", "v1alpha1"];

    /// <summary>The newest version of the policy API the cluster serves: v1, else v1beta1 (1.28, 1.29), else v1alpha1 (1.26, 1.27).</summary>
    /// <exception cref="DiscoveryException">It serves none.</exception>
    public static string PolicyApiVersion(ApiDiscovery discovery)
    {
        var served = discovery.Groups().FirstOrDefault(g => g.Group == PolicyGroup).Versions ?? [];
        return PolicyVersions.FirstOrDefault(served.Contains) is { } v ? $"{PolicyGroup}/{v}"
            : throw new DiscoveryException($"the cluster serves no ValidatingAdmissionPolicy API ({PolicyGroup} {string.Join(", ", PolicyVersions)})");
    }

    /// <summary>The cluster's own policies and bindings (<c>--bundle-policies</c>), in the version it serves.</summary>
    public static IReadOnlyList<AuditedKind> PolicyObjects(ApiDiscovery discovery)
    {
        var apiVersion = PolicyApiVersion(discovery);
        return
        [
            new("validatingadmissionpolicies", apiVersion, VapReader.PolicyKind, false) { Required = true },
            new("validatingadmissionpolicybindings", apiVersion, VapReader.BindingKind, false) { Required = true },
        ];
    }

    private static string Group(string apiVersion) => VapResources.Split(apiVersion).Group;
}
