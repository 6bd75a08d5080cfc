using Stockade.Engine;
using Stockade.PodSecurity;
using Stockade.Rules;

namespace Stockade.Profiles;

/// <summary>A profile name that is not known or is malformed.</summary>
public sealed class UnknownProfileException(string message) : Exception(message);

/// <summary>Resolves profile names given with <c>--profile</c>.</summary>
public static class ProfileRegistry
{
    /// <summary>The profile a scan applies when none is named.</summary>
    public const string DefaultName = "hardened";

    private static readonly Lazy<Profile> HardenedProfile = new(() => new Profile(
        "hardened",
        "Stockade's hardened workload profile: every built-in rule that is on by default.",
        Catalog.Hardened));

    /// <summary>Stockade's hardened workload profile: every built-in rule that is on by default.</summary>
    public static Profile Hardened => HardenedProfile.Value;

    private static readonly Lazy<Profile> ClusterProfile = new(() => new Profile(
        "cluster",
        "The hardened rules plus every cluster-wide rule (namespace default-deny NetworkPolicies, quotas, limit ranges, API server egress): the default of `stockade audit`.",
        Catalog.Cluster));

    /// <summary>The hardened rules plus the cluster-wide ones: the default of <c>stockade audit</c>.</summary>
    public static Profile Cluster => ClusterProfile.Value;

    /// <summary>The name of <see cref="None"/>.</summary>
    public const string NoneName = "none";

    /// <summary>
    /// No built-in rule: only the policies the user gives (<c>--policy</c>) are judged, so someone
    /// migrating from PodSecurityPolicy sees exactly what their policies admit and nothing else.
    /// The hosts refuse it when nothing is added to it.
    /// </summary>
    public static readonly Profile None = new(NoneName, "No built-in rule: only the policies given with --policy.", []);

    /// <summary>Stockade's own selections of the catalog.</summary>
    private static readonly ProfileResolver BuiltIn = new(["hardened", "cluster"], name => name switch
    {
        "hardened" => Hardened,
        "cluster" => Cluster,
        _ => null,
    });

    private static readonly ProfileResolver NoneResolver = new([NoneName], name => name == NoneName ? None : null);

    /// <summary>Every family of names, in the order error messages list them.</summary>
    private static readonly ProfileResolver[] Resolvers = [BuiltIn, PodSecurityProfiles.Resolver, NamespaceProfile.Resolver, NoneResolver];

    /// <exception cref="UnknownProfileException">The name is unknown or malformed.</exception>
    public static Profile Resolve(string name)
    {
        foreach (var resolver in Resolvers)
        {
            if (resolver.Resolve(name) is { } profile) return profile;
        }
        throw new UnknownProfileException($"unknown profile \"{name}\" (known: {string.Join(", ", KnownNames)})");
    }

    /// <summary>The names the resolvers answer to, for error messages.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = Resolvers.SelectMany(r => r.Names).ToList();
}
