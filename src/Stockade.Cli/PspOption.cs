using Stockade.Engine;
using Stockade.Psp;

namespace Stockade.Cli;

/// <summary><c>scan --policy FILE</c>: adds the PodSecurityPolicy rules to the profile.</summary>
public static class PspOption
{
    public static Profile Apply(Profile profile, IReadOnlyList<string> policyFiles, TextWriter stderr)
    {
        if (policyFiles.Count == 0) return profile;
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
        return PspProfiles.With(profile, set.Policies);
    }
}
