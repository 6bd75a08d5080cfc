using Stockade.Engine;
using Stockade.Kube;
using Stockade.Profiles;
using Stockade.Psp;

namespace Stockade.Cli;

/// <summary>
/// <c>--policy FILE</c> and <c>--bundle-policies</c>: which PodSecurityPolicies join the profile.
/// A policy among the scanned files joins only when asked: an archived PSP left in a repository
/// must not quietly change what a pod is judged by. Unasked, it is still validated, and a note
/// says it was not applied.
/// </summary>
public static class PspOption
{
    public const string BundleOption = "--bundle-policies";

    /// <param name="scanned">PodSecurityPolicy objects found among the scanned documents, valid or not.</param>
    /// <param name="bundle">Whether <c>--bundle-policies</c> was given: the valid scanned policies join the set.</param>
    /// <param name="notes">Receives a note for each scanned policy that is not applied.</param>
    /// <exception cref="UsageException">A <c>--policy</c> file is missing or invalid, or the profile is <c>none</c> with no policy to run.</exception>
    public static Profile Apply(Profile profile, IReadOnlyList<string> policyFiles, IReadOnlyList<KubeObject> scanned, bool bundle, List<ScanNote> notes)
    {
        var discovered = bundle ? PspLoader.ValidPolicies(scanned) : [];
        var given = Load(policyFiles);
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
        var result = policies.Count > 0 ? PspProfiles.With(profile, policies)
            : scanned.Count > 0 ? PspProfiles.Validating(profile)
            : profile;
        if (profile.Rules.Count == 0 && policies.Count == 0)
        {
            throw new UsageException($"--profile {ProfileRegistry.NoneName} runs no built-in rule, only the policies you give: add --policy FILE{(scanned.Count > 0 ? $" or {BundleOption}" : "")}");
        }
        return result;
    }

    private static IReadOnlyList<PspPolicy> Load(IReadOnlyList<string> policyFiles)
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
        if (set.Policies.Count == 0) throw new UsageException($"--policy: no PodSecurityPolicy in {string.Join(", ", policyFiles)}");
        return set.Policies;
    }
}
