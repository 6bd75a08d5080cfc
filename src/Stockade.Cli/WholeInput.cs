using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity;

namespace Stockade.Cli;

/// <summary>
/// How scan and <c>audit --from</c> judge by objects that can be anywhere in the input while
/// reading it once: the rules that need nothing else check each document as it is read; the
/// objects the rest need (PodSecurityPolicies, Namespaces, ServiceAccounts, LimitRanges) are
/// collected on the way, and once the input is read those rules run over the spooled documents
/// (<see cref="Deferral"/>).
/// </summary>
internal static class WholeInput
{
    /// <param name="fixedProfile">The profile, or null for the namespace profile (known only from the Namespaces).</param>
    /// <param name="firstName">The name the report gives the profile while it is read.</param>
    /// <param name="resolve">The full profile from the collected objects.</param>
    /// <param name="collectPolicies">Whether PodSecurityPolicies among the inputs can change the profile.</param>
    public static ScanOptions Defer(ScanOptions options, Profile? fixedProfile, string firstName, Func<IReadOnlyList<KubeObject>, List<ScanNote>, Profile> resolve, bool collectPolicies, IDocumentSpool spool)
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        if (collectPolicies) kinds.Add("PodSecurityPolicy");
        if (fixedProfile == null) kinds.Add("Namespace");
        var readsBundle = fixedProfile == null || fixedProfile.Rules.Any(r => r.ReadsBundle);
        if (readsBundle) kinds.UnionWith(BundleFacts.Kinds);
        var first = fixedProfile == null
            ? new Profile(NamespaceProfile.Name, "", [])
            : new Profile(firstName, fixedProfile.Description, fixedProfile.Rules.Where(r => !r.ReadsBundle));
        return options with
        {
            Profile = first,
            Deferral = new Deferral { Kinds = kinds, Resolve = resolve, Spool = spool, GathersBundle = readsBundle },
        };
    }
}
