using System.Globalization;

namespace Stockade.Cel.Values;

/// <summary>
/// A semantic version (Kubernetes' <c>kubernetes.Semver</c> CEL type), parsed as blang/semver/v4's
/// <c>Parse</c> with its error messages, or with <c>normalize</c> as Kubernetes' normalizeAndParse
/// ("v" prefix, missing minor/patch, leading zeros). Ordered by semver precedence; build metadata is ignored.
/// </summary>
internal sealed class CelSemver : ICelTypedValue, IComparable<CelSemver>
{
    public static readonly CelType Type = new("kubernetes.Semver");

    public ulong Major { get; private init; }
    public ulong Minor { get; private init; }
    public ulong Patch { get; private init; }
    /// <summary>Pre-release identifiers: ulong when numeric, else string.</summary>
    public IReadOnlyList<object> Pre { get; private init; } = [];

    public CelType CelType => Type;

    public static CelSemver? TryParse(string s, bool normalize, out string error)
    {
        if (normalize)
        {
            s = s.StartsWith('v') ? s[1..] : s;
            var parts = s.Split('.', 3).ToList();
            for (var i = 0; i < parts.Count; i++)
            {
                var p = parts[i];
                if (p.Length <= 1) continue;
                p = p.TrimStart('0');
                if (p.Length == 0 || !char.IsAsciiDigit(p[0])) p = "0" + p;
                parts[i] = p;
            }
            if (parts.Count < 3)
            {
                if (parts[^1].IndexOfAny(['+', '-']) >= 0)
                {
                    error = "short version cannot contain PreRelease/Build meta data";
                    return null;
                }
                while (parts.Count < 3) parts.Add("0");
            }
            s = string.Join('.', parts);
        }
        return Parse(s, out error);
    }

    private static CelSemver? Parse(string s, out string error)
    {
        error = "";
        if (s.Length == 0) { error = "Version string empty"; return null; }
        var parts = s.Split('.', 3);
        if (parts.Length != 3) { error = "No Major.Minor.Patch elements found"; return null; }
        if (!Number(parts[0], "major number", "Major number", out var major, out error)) return null;
        if (!Number(parts[1], "minor number", "Minor number", out var minor, out error)) return null;
        var patchStr = parts[2];
        string[] build = [], pre = [];
        var plus = patchStr.IndexOf('+');
        if (plus >= 0)
        {
            build = patchStr[(plus + 1)..].Split('.');
            patchStr = patchStr[..plus];
        }
        var dash = patchStr.IndexOf('-');
        if (dash >= 0)
        {
            pre = patchStr[(dash + 1)..].Split('.');
            patchStr = patchStr[..dash];
        }
        if (!Number(patchStr, "patch number", "Patch number", out var patch, out error)) return null;
        var preIds = new List<object>();
        foreach (var p in pre)
        {
            if (p.Length == 0) { error = "Prerelease is empty"; return null; }
            if (p.All(char.IsAsciiDigit))
            {
                if (p.Length > 1 && p[0] == '0') { error = $"Numeric PreRelease version must not contain leading zeroes {CelIp.GoQuote(p)}"; return null; }
                if (!ulong.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) { error = $"strconv.ParseUint: parsing {CelIp.GoQuote(p)}: value out of range"; return null; }
                preIds.Add(n);
            }
            else if (p.All(IsAlphaNum)) preIds.Add(p);
            else { error = $"Invalid character(s) found in prerelease {CelIp.GoQuote(p)}"; return null; }
        }
        foreach (var b in build)
        {
            if (b.Length == 0) { error = "Build meta data is empty"; return null; }
            if (!b.All(IsAlphaNum)) { error = $"Invalid character(s) found in build meta data {CelIp.GoQuote(b)}"; return null; }
        }
        return new CelSemver { Major = major, Minor = minor, Patch = patch, Pre = preIds };
    }

    private static bool IsAlphaNum(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static bool Number(string p, string lower, string upper, out ulong value, out string error)
    {
        value = 0;
        error = "";
        if (!p.All(char.IsAsciiDigit)) { error = $"Invalid character(s) found in {lower} {CelIp.GoQuote(p)}"; return false; }
        if (p.Length > 1 && p[0] == '0') { error = $"{upper} must not contain leading zeroes {CelIp.GoQuote(p)}"; return false; }
        if (!ulong.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"strconv.ParseUint: parsing {CelIp.GoQuote(p)}: " + (p.Length == 0 ? "invalid syntax" : "value out of range");
            return false;
        }
        return true;
    }

    public int CompareTo(CelSemver? o)
    {
        var c = Major.CompareTo(o!.Major);
        if (c == 0) c = Minor.CompareTo(o.Minor);
        if (c == 0) c = Patch.CompareTo(o.Patch);
        if (c != 0) return Math.Sign(c);
        // A version without pre-release identifiers ranks above one with them.
        if (Pre.Count == 0 || o.Pre.Count == 0) return Pre.Count == o.Pre.Count ? 0 : Pre.Count == 0 ? 1 : -1;
        for (var i = 0; i < Math.Min(Pre.Count, o.Pre.Count); i++)
        {
            var d = (Pre[i], o.Pre[i]) switch
            {
                (ulong a, ulong b) => a.CompareTo(b),
                (ulong, string) => -1,
                (string, ulong) => 1,
                (string a, string b) => string.CompareOrdinal(a, b),
                _ => 0,
            };
            if (d != 0) return Math.Sign(d);
        }
        return Pre.Count.CompareTo(o.Pre.Count);
    }

    public override bool Equals(object? obj) => obj is CelSemver o && CompareTo(o) == 0;
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Pre.Count);
    public override string ToString() => $"{Major}.{Minor}.{Patch}" + (Pre.Count > 0 ? "-" + string.Join('.', Pre) : "");
}
