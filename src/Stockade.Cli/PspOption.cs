using Stockade.Engine;
using Stockade.Kube;
using Stockade.Profiles;
using Stockade.Psp;
using Stockade.Vap;

namespace Stockade.Cli;

/// <summary>
/// <c>--policy FILE</c> and <c>--bundle-policies</c>: which PodSecurityPolicies join the profile.
/// A policy among the scanned files joins only when asked: an archived PSP left in a repository
/// must not quietly change what a pod is judged by. Unasked, it is still validated, and a note
/// says it was not applied.
/// </summary>
internal static class PspOption
{
    public const string BundleOption = "--bundle-policies";
    public const string RequesterOption = "--psp-requester";
    public const string RequesterGroupOption = "--psp-requester-group";

    /// <summary>The value options that choose who may use a policy (scan and mutate).</summary>
    public static readonly string[] AuthorizationOptions = [PspAuthorizationModes.Option, RequesterOption, RequesterGroupOption];

    /// <summary><c>--psp-authorization</c> and the requester: how a pod's usable policies are found.</summary>
    public sealed record Authorization(PspAuthorizationMode Mode, PspRequester Requester)
    {
        /// <summary>Today's behaviour for hosts without the options (audit): every policy usable.</summary>
        public static readonly Authorization All = new(PspAuthorizationMode.All, PspRequester.None);

        /// <exception cref="UsageException">An unknown mode, or a requester with <c>all</c> (it would be ignored).</exception>
        public static Authorization Parse(ArgReader a)
        {
            var text = a.Value(PspAuthorizationModes.Option) ?? "auto";
            if (!PspAuthorizationModes.TryParse(text, out var mode)) throw new UsageException($"{PspAuthorizationModes.Option}: \"{text}\" is not bundle, all or auto");
            var requester = new PspRequester(a.Value(RequesterOption), a.Values(RequesterGroupOption));
            if (mode == PspAuthorizationMode.All && requester.IsGiven) throw new UsageException($"{RequesterOption} and {RequesterGroupOption} name who may use a policy; with {PspAuthorizationModes.Option} all every policy is usable");
            return new Authorization(mode, requester);
        }

        /// <summary>Whether the policy rule needs the whole input (its RBAC objects) before it can judge a pod.</summary>
        public bool ReadsInput => Mode != PspAuthorizationMode.All;

        /// <summary>The authorizer from the input's objects; a note when <c>auto</c> found no RBAC object.</summary>
        public PspAuthorizer Resolve(IReadOnlyList<KubeObject> found, IReadOnlyList<PspPolicy> policies, List<ScanNote> notes)
        {
            var authorizer = PspAuthorizationModes.Resolve(Mode, found, Requester, out var note);
            if (note != null && policies.Count > 0) notes.Add(new ScanNote(policies[0].File, policies[0].Position.Line, policies[0].Position.Column, note));
            return authorizer;
        }
    }

    /// <summary>
    /// The profile for a scan that reads the whole input (scan, <c>audit --from</c>): it needs the
    /// input's PodSecurityPolicies (validated in any case, joining the <c>--policy</c> ones with
    /// <c>--bundle-policies</c>) and, when the authorization reads the input, its Roles,
    /// ClusterRoles and bindings (see <see cref="InputNeed"/>). The policy rule then waits for the
    /// end of the read; so does everything when the profile's own rules wait for an earlier need
    /// (the namespace profile's Namespaces).
    /// </summary>
    /// <exception cref="UsageException">A bad <c>--policy</c>, or <c>none</c> with nothing to run: before anything is read.</exception>
    public static Profile FromInput(Profile profile, IReadOnlyList<string> policyFiles, bool bundle, Authorization? authorization, VapSettings? settings = null)
    {
        var readsRbac = authorization is { ReadsInput: true };
        var kinds = new HashSet<string>(StringComparer.Ordinal) { PspPolicyKind };
        if (readsRbac) kinds.UnionWith(PspAuthorizer.RbacKinds);
        if (bundle) kinds.UnionWith(VapOption.BundleKinds); // ValidatingAdmissionPolicies join as PodSecurityPolicies do
        else kinds.UnionWith(VapOption.PolicyKinds); // found only to say they were not applied
        // The policy rule runs after the read when the found policies join, or when RBAC anywhere in
        // the input decides which of the files' PodSecurityPolicies are usable. Files holding only
        // ValidatingAdmissionPolicies do not wait: deferring keeps every document to read it again.
        var deferPolicyRule = bundle || readsRbac && HoldPodSecurityPolicies(policyFiles);
        var rulesWait = profile.Needs.Any(n => n.AddsRules);
        Profile first;
        if (rulesWait)
        {
            // A bad --policy fails before anything is read; the policy rules join the full profile.
            if (policyFiles.Count > 0) Apply(profile, policyFiles, [], false, [], settings: settings);
            first = profile;
        }
        else
        {
            var given = bundle && profile.Rules.Count == 0 ? profile : Apply(profile, policyFiles, [], false, [], settings: settings);
            // Deferred, the policy rule runs after the read, over the given and the found policies
            // together; psp-invalid validates the found ones in the first pass either way.
            var rules = deferPolicyRule ? profile.Rules.Where(r => r.Id != PspRule.RuleId) : given.Rules;
            first = PspProfiles.Validating(new Profile(given.Name, given.Description, rules));
        }
        var need = new InputNeed
        {
            Kinds = kinds,
            AddsRules = deferPolicyRule,
            Resolve = (resolved, gathered, notes) => Apply(rulesWait ? resolved : profile, policyFiles,
                gathered.Where(o => o.Kind == PspPolicyKind).ToList(), bundle, notes, authorization, gathered, settings: settings),
        };
        return new Profile(first.Name, first.Description, first.Rules) { Needs = [.. profile.Needs, need] };
    }

    private const string PspPolicyKind = "PodSecurityPolicy";

    // A file that cannot be read or holds an invalid policy answers true: Apply then reports it,
    // worded with the other policies' errors.
    private static bool HoldPodSecurityPolicies(IReadOnlyList<string> policyFiles)
    {
        if (policyFiles.Count == 0) return false;
        try
        {
            return Load(policyFiles, nothingElse: false).Count > 0;
        }
        catch (UsageException)
        {
            return true;
        }
    }

    /// <param name="scanned">PodSecurityPolicy objects found among the scanned documents, valid or not.</param>
    /// <param name="bundle">Whether <c>--bundle-policies</c> was given: the valid scanned policies join the set.</param>
    /// <param name="notes">Receives a note for each scanned policy that is not applied.</param>
    /// <param name="authorization">Who may use which policy; every policy usable when null.</param>
    /// <param name="found">The input's objects the authorization reads (its Roles, ClusterRoles and bindings).</param>
    /// <param name="vapSet">The ValidatingAdmissionPolicies to apply when the host built them (a live audit: with the cluster's params, Namespaces and policies); else those of <paramref name="policyFiles"/>.</param>
    /// <exception cref="UsageException">A <c>--policy</c> file is missing or invalid, or the profile is <c>none</c> with no policy to run.</exception>
    public static Profile Apply(Profile profile, IReadOnlyList<string> policyFiles, IReadOnlyList<KubeObject> scanned, bool bundle, List<ScanNote> notes,
        Authorization? authorization = null, IReadOnlyList<KubeObject>? found = null, Vap.VapPolicySet? vapSet = null, VapSettings? settings = null)
    {
        var discovered = bundle ? PspLoader.ValidPolicies(scanned) : [];
        var vap = vapSet ?? VapOption.Load(policyFiles, settings?.Version);
        var given = Load(policyFiles, vap.IsEmpty);
        if (!bundle)
        {
            foreach (var o in scanned)
            {
                notes.Add(new ScanNote(o.File, o.Position.Line, o.Position.Column,
                    $"PodSecurityPolicy \"{(o.Name.IsSet ? o.Name.Value : "")}\" is validated but not applied: policies among the scanned files join only with {BundleOption} (or give the file with --policy)"));
            }
        }
        // A policy given with --policy wins over a scanned one of the same name.
        var names = given.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var policies = given.Concat(discovered.Where(p => !names.Contains(p.Name))).ToList();
        var authorizer = policies.Count > 0 ? (authorization ?? Authorization.All).Resolve(found ?? [], policies, notes) : null;
        var result = policies.Count > 0 ? PspProfiles.With(profile, policies, authorizer)
            : scanned.Count > 0 ? PspProfiles.Validating(profile)
            : profile;
        result = VapOption.Apply(result, vap, found ?? scanned, bundle, notes, settings);
        if (profile.Rules.Count == 0 && policies.Count == 0 && result.Rules.Count == 0)
        {
            // The found policies that could not be applied say why: the usage error must not hide them.
            var notApplied = notes.Where(n => n.Message.StartsWith("not applied:", StringComparison.Ordinal)).Select(n => $"\n{n.File}:{n.Line}:{n.Column}: {n.Message}");
            throw new UsageException($"--profile {ProfileRegistry.NoneName} runs no built-in rule, only the policies you give: add --policy FILE{(scanned.Count > 0 ? $" or {BundleOption}" : "")}{string.Concat(notApplied)}");
        }
        return result;
    }

    private static IReadOnlyList<PspPolicy> Load(IReadOnlyList<string> policyFiles, bool nothingElse)
    {
        if (policyFiles.Count == 0) return [];
        foreach (var f in policyFiles)
        {
            if (!File.Exists(f)) throw new UsageException($"--policy {f}: no such file");
        }
        var set = PspLoader.Load(policyFiles.Select(f => (f, (Func<Stream>)(() => File.OpenRead(f)))));
        if (set.Errors.Count > 0)
        {
            // An invalid policy is a usage error: the API server would not have stored it.
            throw new UsageException(string.Join("\n", set.Errors.Select(e => e.ToString())));
        }
        if (set.Policies.Count == 0 && nothingElse) throw new UsageException($"--policy: no PodSecurityPolicy or ValidatingAdmissionPolicy in {string.Join(", ", policyFiles)}");
        return set.Policies;
    }
}
