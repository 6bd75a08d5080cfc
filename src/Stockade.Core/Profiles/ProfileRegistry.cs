using Stockade.Engine;
using Stockade.PodSecurity;
using Stockade.Rules;

namespace Stockade.Profiles;

/// <summary>A profile name that is not known or is malformed.</summary>
public sealed class UnknownProfileException(string message) : Exception(message);

/// <summary>Resolves profile names given with <c>--profile</c>.</summary>
public static class ProfileRegistry
{
    public const string DefaultName = "hardened";

    /// <summary>Extra resolvers (Pod Security Standards, PSP…) registered by the features that own them.</summary>
    private static readonly List<Func<string, Profile?>> Resolvers = new();

    private static readonly Lazy<Profile> HardenedProfile = new(() => new Profile(
        "hardened",
        "Stockade's hardened workload profile: every built-in rule that is on by default.",
        Catalog.Hardened));

    public static Profile Hardened => HardenedProfile.Value;

    private static readonly Lazy<Profile> ClusterProfile = new(() => new Profile(
        "cluster",
        "The hardened rules plus every cluster-wide rule (namespace default-deny NetworkPolicies, quotas, limit ranges, API server egress): the default of `stockade audit`.",
        Catalog.Cluster));

    public static Profile Cluster => ClusterProfile.Value;

    public const string NoneName = "none";

    /// <summary>
    /// No built-in rule: only the policies the user gives (<c>--policy</c>) are judged, so someone
    /// migrating from PodSecurityPolicy sees exactly what their policies admit and nothing else.
    /// The hosts refuse it when nothing is added to it.
    /// </summary>
    public static readonly Profile None = new(NoneName, "No built-in rule: only the policies given with --policy.", []);

    static ProfileRegistry()
    {
        PodSecurityProfiles.Register();
    }

    public static void Register(Func<string, Profile?> resolver)
    {
        lock (Resolvers) Resolvers.Add(resolver);
    }

    /// <exception cref="UnknownProfileException">The name is unknown or malformed.</exception>
    public static Profile Resolve(string name)
    {
        if (name == "hardened") return Hardened;
        if (name == "cluster") return Cluster;
        if (name == NoneName) return None;
        lock (Resolvers)
        {
            foreach (var resolve in Resolvers)
            {
                if (resolve(name) is { } profile) return profile;
            }
        }
        throw new UnknownProfileException($"unknown profile \"{name}\" (known: {string.Join(", ", KnownNames)})");
    }

    public static IReadOnlyList<string> KnownNames => ["hardened", "cluster", "baseline", "restricted", "namespace", "none"];
}
