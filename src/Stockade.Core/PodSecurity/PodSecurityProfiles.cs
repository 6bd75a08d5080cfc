using Stockade.Engine;
using Stockade.Profiles;

namespace Stockade.PodSecurity;

/// <summary>
/// The <c>baseline</c> and <c>restricted</c> profiles, optionally pinned to a policy version:
/// <c>restricted:v1.30</c>, <c>baseline:latest</c>. Without a version, latest.
/// </summary>
internal static class PodSecurityProfiles
{
    public static readonly IReadOnlyList<string> Names = ["baseline", "restricted"];

    /// <summary>The levels, each with or without a version, for <see cref="ProfileRegistry"/>.</summary>
    public static readonly ProfileResolver Resolver = new(Names, Resolve);

    /// <summary>The profile for a name, or null when the name is not a Pod Security level.</summary>
    /// <exception cref="UnknownProfileException">A level with a malformed version.</exception>
    public static Profile? Resolve(string name)
    {
        var colon = name.IndexOf(':');
        var levelText = colon < 0 ? name : name[..colon];
        PodSecurityLevel level;
        switch (levelText)
        {
            case "baseline": level = PodSecurityLevel.Baseline; break;
            case "restricted": level = PodSecurityLevel.Restricted; break;
            default: return null;
        }
        var version = PodSecurityVersion.Latest;
        if (colon >= 0 && !PodSecurityVersion.TryParse(name[(colon + 1)..], out version))
        {
            throw new UnknownProfileException(
                $"malformed Pod Security Standards version in profile \"{name}\" (expected {levelText}:v1.N or {levelText}:latest)");
        }
        return Create(level, version);
    }

    public static Profile Create(PodSecurityLevel level, PodSecurityVersion version) => new(
        PolicyName(level, version),
        $"Pod Security Standards {level.Name()} level, checked as Pod Security Admission does at version {version}.",
        PodSecurityControls.For(level, version));

    /// <summary>PSA's name for a policy: <c>restricted:latest</c>, <c>baseline:v1.30</c>.</summary>
    public static string PolicyName(PodSecurityLevel level, PodSecurityVersion version) => $"{level.Name()}:{version}";
}
