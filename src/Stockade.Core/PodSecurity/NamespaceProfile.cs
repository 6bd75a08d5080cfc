using Stockade.Engine;
using Stockade.Kube;
using Stockade.Profiles;

namespace Stockade.PodSecurity;

/// <summary>
/// The <c>namespace</c> profile: each workload judged by the Pod Security labels of its namespace
/// as written in the same bundle; namespaces without labels (or not in the bundle) get the
/// default enforce level.
/// </summary>
internal static class NamespaceProfile
{
    public const string Name = "namespace";

    /// <summary>
    /// Known to <see cref="ProfileRegistry"/> by name, but never resolved from it alone: its rules
    /// come from the Namespaces of the input (<see cref="FromInput"/>) or the cluster (the webhook,
    /// the live audit), so each host builds it with its default level.
    /// </summary>
    public static readonly ProfileResolver Resolver = new([Name], _ => null);

    /// <summary>
    /// The profile judged by the Namespaces of the scanned input itself: no rule in the first pass,
    /// and a need for the input's Namespaces whose labels are the rules (see <see cref="InputNeed"/>).
    /// </summary>
    public static Profile FromInput(LevelVersion defaultEnforce) => new(Name, "", [])
    {
        Needs = [new InputNeed { Kinds = NamespaceKinds, AddsRules = true, Resolve = (_, gathered, _) => Create(gathered, defaultEnforce) }],
    };

    private static readonly IReadOnlySet<string> NamespaceKinds = new HashSet<string>(StringComparer.Ordinal) { "Namespace" };

    /// <param name="namespaces">The bundle's objects; those of kind Namespace are read (gathered while the input is read, see <see cref="FromInput"/>).</param>
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
