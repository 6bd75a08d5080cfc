using Stockade.Engine;
using Stockade.Kube;
using Stockade.Profiles;

namespace Stockade.PodSecurity;

/// <summary>
/// The <c>namespace</c> profile: each workload judged by the Pod Security labels of its namespace
/// as written in the same bundle; namespaces without labels (or not in the bundle) get the
/// default enforce level.
/// </summary>
public static class NamespaceProfile
{
    public const string Name = "namespace";

    /// <summary>
    /// Known to <see cref="ProfileRegistry"/> by name, but never resolved from it alone: its rules
    /// come from the Namespaces of the input (the CLI's Deferral) or the cluster (the webhook), so
    /// each host builds it with <see cref="Create"/>.
    /// </summary>
    public static readonly ProfileResolver Resolver = new([Name], _ => null);

    /// <param name="namespaces">The bundle's objects of kind Namespace (collected while the input is read, see Deferral).</param>
    /// <param name="defaultEnforce">The enforce level of a namespace without labels or not in the bundle.</param>
    public static Profile Create(IEnumerable<KubeObject> namespaces, LevelVersion defaultEnforce)
    {
        var defaults = NamespacePolicy.Defaults(defaultEnforce);
        var policies = new Dictionary<string, NamespacePolicy>(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            if (ns is { Kind: "Namespace", ApiVersion: "v1", Name.IsSet: true }) policies[ns.Name.Value] = NamespacePolicy.FromLabels(ns.Labels, defaults).Policy;
        }
        return new Profile(
            Name,
            $"Each workload checked against the Pod Security labels of its namespace (default enforce level {defaultEnforce}).",
            [new NamespacePodSecurity(policies, defaults), new NamespaceLabelsValid()]);
    }
}
