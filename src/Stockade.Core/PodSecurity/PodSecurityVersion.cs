using System.Text.RegularExpressions;

namespace Stockade.PodSecurity;

/// <summary>
/// A Pod Security Standards version: <c>v1.N</c> or <c>latest</c>. Only major version 1 exists,
/// and Pod Security Admission rejects leading zeros and any other spelling, so this does too.
/// </summary>
internal readonly partial record struct PodSecurityVersion(int Minor, bool IsLatest)
{
    /// <summary>Newer than every real version: every check's newest variant applies.</summary>
    public static PodSecurityVersion Latest { get; } = new(int.MaxValue, true);

    public static PodSecurityVersion V1(int minor) => new(minor, false);

    public static bool TryParse(string text, out PodSecurityVersion version)
    {
        version = Latest;
        if (text == "latest") return true;
        var m = VersionPattern().Match(text);
        if (!m.Success || !int.TryParse(m.Groups[1].Value, out var minor)) return false;
        version = V1(minor);
        return true;
    }

    public bool AtLeast(PodSecurityVersion minimum) => Minor >= minimum.Minor;

    public override string ToString() => IsLatest ? "latest" : $"v1.{Minor}";

    [GeneratedRegex(@"^v1\.(0|[1-9][0-9]{0,8})$")]
    private static partial Regex VersionPattern();
}
