using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.Psp;

namespace Stockade.Cli;

/// <summary>
/// How scan and <c>audit --from</c> judge by objects that can be anywhere in the input while
/// reading it once. The ServiceAccounts and LimitRanges the API server applies to pods are
/// gathered on the way, and the findings that depend on them settled at the end
/// (<see cref="ScanOptions.BundleFromInput"/>). PodSecurityPolicies are validated in the same
/// pass. Only rules the objects can add — the namespace profile's (from the Namespaces) and, with
/// <c>--bundle-policies</c>, the found policies' — need the documents again: only then are they
/// spooled and checked by those rules after the read (<see cref="Deferral"/>).
/// </summary>
internal static class WholeInput
{
    /// <param name="options">The scan's options, which this completes.</param>
    /// <param name="fixedProfile">The profile, or null for the namespace profile (known only from the Namespaces).</param>
    /// <param name="policyFiles">The <c>--policy</c> files.</param>
    /// <param name="bundlePolicies">Whether PodSecurityPolicies among the inputs join the policies (<c>--bundle-policies</c>).</param>
    /// <param name="resolve">The full profile from the collected objects.</param>
    /// <param name="authorization">Who may use which policy: unless every policy is usable, the
    /// policy rule waits for the Roles, ClusterRoles and bindings of the whole input.</param>
    /// <param name="spool">Where documents wait, used only when the full profile can add rules.</param>
    /// <exception cref="UsageException">A bad <c>--policy</c>, or <c>none</c> with nothing to run: before anything is read.</exception>
    public static ScanOptions Defer(ScanOptions options, Profile? fixedProfile, IReadOnlyList<string> policyFiles, bool bundlePolicies,
        Func<IReadOnlyList<KubeObject>, List<ScanNote>, Profile> resolve, IDocumentSpool spool, PspOption.Authorization? authorization = null)
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal) { "PodSecurityPolicy" };
        if (fixedProfile == null) kinds.Add("Namespace");
        var readsRbac = authorization is { ReadsInput: true };
        if (readsRbac) kinds.UnionWith(PspAuthorizer.RbacKinds);
        if (bundlePolicies) kinds.UnionWith(VapOption.BundleKinds); // ValidatingAdmissionPolicies join as PodSecurityPolicies do
        // The policy rule runs after the read when the found policies join, or when RBAC anywhere in the input decides which are usable.
        var deferPolicyRule = bundlePolicies || readsRbac && policyFiles.Count > 0;
        var addsRules = fixedProfile == null || deferPolicyRule;
        Profile first;
        if (fixedProfile == null)
        {
            first = new Profile(NamespaceProfile.Name, "", []);
            // A bad --policy fails before anything is read.
            if (policyFiles.Count > 0) PspOption.Apply(first, policyFiles, [], false, []);
        }
        else
        {
            var given = bundlePolicies && fixedProfile.Rules.Count == 0 ? fixedProfile : PspOption.Apply(fixedProfile, policyFiles, [], false, []);
            // Deferred, the policy rule runs after the read, over the given and the found policies
            // together; psp-invalid validates the found ones in the first pass either way.
            var rules = deferPolicyRule ? fixedProfile.Rules.Where(r => r.Id != PspRule.RuleId) : given.Rules;
            first = PspProfiles.Validating(new Profile(given.Name, given.Description, rules));
        }
        return options with
        {
            Profile = first,
            BundleFromInput = true,
            // Findings held for the bundle go to a temporary file once there are many.
            SpillStream = TempFileSpool.OpenUnlinked,
            Deferral = new Deferral { Kinds = kinds, Resolve = resolve, Spool = addsRules ? spool : null },
        };
    }
}
