using Stockade.Engine;
using Stockade.Kube;
using Stockade.Psp;

namespace Stockade.Cli;

/// <summary>
/// <c>scan --policy FILE</c>, and PodSecurityPolicies found among the scanned documents: adds the
/// PodSecurityPolicy rules to the profile.
/// </summary>
public static class PspOption
{
    /// <param name="scanned">PodSecurityPolicy objects found among the scanned documents, valid or not.</param>
    public static Profile Apply(Profile profile, IReadOnlyList<string> policyFiles, IReadOnlyList<KubeObject> scanned, TextWriter stderr)
    {
        var discovered = PspLoader.ValidPolicies(scanned);
        if (policyFiles.Count == 0)
        {
            if (discovered.Count > 0) return PspProfiles.With(profile, discovered);
            // Only invalid policies: report them, but judge no pod against an empty policy set.
            return scanned.Count == 0 ? profile : new Profile(profile.Name, profile.Description, [.. profile.Rules, new PspInvalidPolicyRule()]);
        }
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
        // A policy given with --policy wins over a scanned one of the same name.
        var names = set.Policies.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return PspProfiles.With(profile, [.. set.Policies, .. discovered.Where(p => !names.Contains(p.Name))]);
    }
}
