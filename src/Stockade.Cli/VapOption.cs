using Stockade.Cli.Options;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Vap;

namespace Stockade.Cli;

/// <summary>
/// The ValidatingAdmissionPolicies and bindings of <c>--policy</c> files (the same option as
/// PodSecurityPolicies: told apart by kind, a file may hold both) and, with
/// <c>--bundle-policies</c>, of the scanned input; each bound policy joins the profile as a
/// <c>vap:NAME</c> rule. The other objects of the policy files are the params and Namespaces the
/// policies read.
/// </summary>
internal static class VapOption
{
    /// <summary>The kinds a scan collects from its input for <c>--bundle-policies</c>: policies, bindings, and what they read.</summary>
    public static readonly string[] BundleKinds = [VapReader.PolicyKind, VapReader.BindingKind, "Namespace", "CustomResourceDefinition", "ConfigMap"];

    /// <summary>The kinds collected without <c>--bundle-policies</c>, so a note can say they were not applied.</summary>
    public static readonly string[] PolicyKinds = [VapReader.PolicyKind, VapReader.BindingKind];

    public const string VersionOption = "--kubernetes-version";

    /// <summary>The <c>--kubernetes-version</c> option, for the commands that evaluate policies.</summary>
    public static CliOption VersionSpec => CliOption.Value(VersionOption, "1.N",
        $"the Kubernetes version the policies' CEL is compiled for: a library that version's API server lacks is a compile error ({VapKubernetesVersion.Supported}; default {VapKubernetesVersion.NewestName})") with
    {
        Docs = $"The Kubernetes version whose API server the ValidatingAdmissionPolicies are compiled for ([vap](../vap.md#kubernetes-version)): each CEL library is available only from the version that added it (quantity and optional types 1.28, sets and strings' format 1.29, ip and cidr 1.30, format 1.31, two-variable comprehensions and authz selectors 1.32, semver 1.33, cel-go's lists extension 1.34); using one on an older version is a compile error, as that API server gives. `1.N` from {VapKubernetesVersion.Supported}. Default: `{VapKubernetesVersion.NewestName}` (the newest supported).",
    };

    public const string RequestUserOption = "--request-user";
    public const string RequestGroupOption = "--request-group";

    /// <summary><c>--request-user</c>: who makes the offline request policies see.</summary>
    public static CliOption RequestUserSpec => CliOption.Value(RequestUserOption, "NAME",
        $"the user the ValidatingAdmissionPolicies see as request.userInfo.username (default {VapOffline.DefaultUser})") with
    {
        Docs = $"The user of the offline CREATE the ValidatingAdmissionPolicies judge objects by (`request.userInfo.username`, [vap](../vap.md#variables-an-expression-sees-offline)), so a policy that exempts or targets users is tried as they would meet it. Default: `{VapOffline.DefaultUser}`.",
    };

    /// <summary><c>--request-group</c>: that user's groups.</summary>
    public static CliOption RequestGroupSpec => CliOption.Many(RequestGroupOption, "G", "a group of that user (request.userInfo.groups; repeatable)") with
    {
        Docs = "A group of the `--request-user` (`request.userInfo.groups`; repeatable). Default: none.",
    };

    /// <summary>The policy options of a command: <c>--kubernetes-version</c>, <c>--request-user</c>, <c>--request-group</c>.</summary>
    /// <exception cref="UsageException">Not a supported Kubernetes version, or a group without a user.</exception>
    public static VapSettings Settings(ArgReader a)
    {
        var user = a.Value(RequestUserOption);
        var groups = a.Values(RequestGroupOption);
        if (user == null && groups.Count > 0) throw new UsageException($"{RequestGroupOption} names a group of the {RequestUserOption}; give the user too");
        return new VapSettings(Version(a.Value(VersionOption)), user == null ? VapRequester.Offline : new VapRequester(user, groups));
    }

    /// <exception cref="UsageException">Not a supported Kubernetes version.</exception>
    public static VapKubernetesVersion Version(string? text)
    {
        if (text == null) return VapKubernetesVersion.Newest;
        return VapKubernetesVersion.Parse(text, out var error) ?? throw new UsageException($"{VersionOption}: {error}");
    }

    /// <summary><c>--policy FILE</c> for <c>rules</c> and <c>explain</c>: the bound ValidatingAdmissionPolicies shown with the built-in rules.</summary>
    public static CliOption ListedPoliciesSpec => CliOption.Many("--policy", "FILE", "also list the ValidatingAdmissionPolicies of these files (rules vap:NAME; repeatable)") with
    {
        Docs = "Also show the bound ValidatingAdmissionPolicies of these files as the rules `vap:NAME` a scan with the same `--policy` runs ([vap](../vap.md)); a file that is missing or holds an invalid policy is a usage error (exit 2).",
    };

    /// <summary>The rules <c>--policy</c> adds, as a scan with the same files runs them.</summary>
    /// <exception cref="UsageException">A missing file, or a policy or binding the API server would reject.</exception>
    public static IReadOnlyList<Rule> ListedRules(ArgReader a)
    {
        var files = a.Values("--policy");
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new UsageException($"--policy {f}: no such file");
        }
        return files.Count == 0 ? [] : VapRule.For(Load(files, Version(a.Value(VersionOption))));
    }

    /// <exception cref="UsageException">A policy or binding in the files that the API server would reject.</exception>
    public static VapPolicySet Load(IReadOnlyList<string> files, VapKubernetesVersion? version = null)
    {
        var set = VapLoader.Load(files.Where(File.Exists).Select(f => (f, (Func<Stream>)(() => File.OpenRead(f)))), (version ?? VapKubernetesVersion.Newest).Environment);
        // Unreadable documents alone are the PodSecurityPolicy loader's to report (it reads the same
        // files). With a policy error they are said too, first: a binding whose policy sits in a
        // broken document would otherwise only say that its policy is missing.
        if (set.Errors.Any(e => e.Message.StartsWith(VapReader.PolicyKind, StringComparison.Ordinal)))
            throw new UsageException(string.Join("\n", set.Errors.Select(e => e.ToString())));
        return set;
    }

    /// <summary>
    /// The profile plus a rule per bound policy: from the files, and with <paramref name="bundle"/>
    /// from the scanned objects (a policy of the files wins over a scanned one of the same name).
    /// An invalid scanned policy or binding is a note: the API server would not have stored it.
    /// </summary>
    public static Profile Apply(Profile profile, VapPolicySet given, IReadOnlyList<KubeObject> scanned, bool bundle, List<ScanNote> notes, VapSettings? settings = null)
    {
        var set = given;
        if (!bundle)
        {
            foreach (var o in scanned.Where(VapReader.IsVapKind))
                notes.Add(new ScanNote(o.File, o.Position.Line, o.Position.Column,
                    $"{o.Kind} \"{(o.Name.IsSet ? o.Name.Value : "")}\" is not applied: policies among the scanned files join only with {PspOption.BundleOption} (or give the file with --policy)"));
        }
        else if (scanned.Any(VapReader.IsVapKind))
        {
            var found = VapPolicySet.From(scanned, _ => null, (settings?.Version ?? VapKubernetesVersion.Newest).Environment);
            foreach (var e in found.Errors) notes.Add(new ScanNote(e.File, e.Position.Line, e.Position.Column, $"not applied: {e.Message}"));
            set = VapPolicySet.Merge(given, found);
        }
        AddTypeWarnings(set, notes);
        var rules = VapRule.For(set, requester: (settings ?? VapSettings.Default).Requester);
        if (rules.Count == 0) return profile;
        var ids = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return new Profile(profile.Name, profile.Description + $" Plus {rules.Count} ValidatingAdmissionPolic{(rules.Count == 1 ? "y" : "ies")}.",
            profile.Rules.Where(r => !ids.Contains(r.Id)).Concat(rules));
    }

    /// <summary>
    /// The type checker's warnings (the API server's <c>status.typeChecking</c>) as notes at the
    /// expression: they never reject a policy, and a policy that reads a field its kind lacks still
    /// runs (its evaluation errors then go through its failure policy).
    /// </summary>
    private static void AddTypeWarnings(VapPolicySet set, List<ScanNote> notes)
    {
        foreach (var p in set.Policies)
        foreach (var w in p.TypeWarnings)
            notes.Add(new ScanNote(p.File, w.Position.Line, w.Position.Column,
                $"ValidatingAdmissionPolicy \"{p.Name}\" type checking (warning, as the API server's status.typeChecking): {w.FieldRef}: {w.Text}"));
    }
}
