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

    /// <exception cref="UsageException">A policy or binding in the files that the API server would reject.</exception>
    public static VapPolicySet Load(IReadOnlyList<string> files)
    {
        var set = VapLoader.Load(files.Where(File.Exists).Select(f => (f, (Func<Stream>)(() => File.OpenRead(f)))));
        // Unreadable documents are the PodSecurityPolicy loader's to report (it reads the same files).
        var errors = set.Errors.Where(e => e.Message.StartsWith(VapReader.PolicyKind, StringComparison.Ordinal)).ToList();
        if (errors.Count > 0) throw new UsageException(string.Join("\n", errors.Select(e => e.ToString())));
        return set;
    }

    /// <summary>
    /// The profile plus a rule per bound policy: from the files, and with <paramref name="bundle"/>
    /// from the scanned objects (a policy of the files wins over a scanned one of the same name).
    /// An invalid scanned policy or binding is a note: the API server would not have stored it.
    /// </summary>
    public static Profile Apply(Profile profile, VapPolicySet given, IReadOnlyList<KubeObject> scanned, bool bundle, List<ScanNote> notes)
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
            var found = VapPolicySet.From(scanned, _ => null);
            foreach (var e in found.Errors) notes.Add(new ScanNote(e.File, e.Position.Line, e.Position.Column, $"not applied: {e.Message}"));
            set = Merge(given, found);
        }
        var rules = VapRule.For(set);
        if (rules.Count == 0) return profile;
        var ids = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return new Profile(profile.Name, profile.Description + $" Plus {rules.Count} ValidatingAdmissionPolic{(rules.Count == 1 ? "y" : "ies")}.",
            profile.Rules.Where(r => !ids.Contains(r.Id)).Concat(rules));
    }

    /// <summary>The given set with the found policies, bindings, params and Namespaces of the same name left out where the given set has them.</summary>
    internal static VapPolicySet Merge(VapPolicySet given, VapPolicySet found)
    {
        var merged = new VapPolicySet();
        var names = given.Policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        merged.Policies.AddRange(given.Policies.Concat(found.Policies.Where(p => !names.Contains(p.Name))));
        var bindings = given.Bindings.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        merged.Bindings.AddRange(given.Bindings.Concat(found.Bindings.Where(b => !bindings.Contains(b.Name))));
        merged.Params.AddRange(given.Params.Concat(found.Params));
        foreach (var (k, v) in found.Namespaces) merged.Namespaces[k] = v;
        foreach (var (k, v) in given.Namespaces) merged.Namespaces[k] = v;
        merged.UseResources(given.Resources);
        return merged;
    }
}
