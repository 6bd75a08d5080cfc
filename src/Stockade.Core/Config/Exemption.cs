using System.Text.RegularExpressions;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Config;

/// <summary>
/// A granted exception: which rules, for which objects and containers, why, and until when.
/// Every selector is a glob (<c>*</c>, <c>?</c>); an absent selector matches everything.
/// </summary>
internal sealed class Exemption
{
    public required IReadOnlyList<string> Rules { get; init; }
    public string? Namespace { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Container { get; init; }
    public required string Reason { get; init; }
    public DateOnly? Expires { get; init; }

    /// <summary>Where the exemption was written: <c>.stockade.yaml:12</c> or an annotation.</summary>
    public required string Origin { get; init; }
    public required string OriginFile { get; init; }
    public required int OriginLine { get; init; }
    public int OriginColumn { get; init; } = 1;

    public bool IsExpired(DateOnly today) => Expires is { } e && e < today;

    /// <summary>
    /// The date expiry is checked against: the UTC date of the host's clock (an exemption expiring
    /// on a day lasts until that day ends in UTC, wherever the host runs).
    /// </summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public bool Matches(Finding f) =>
        Rules.Any(r => Glob.IsMatch(r, f.Rule))
        && Matches(Namespace, f.Object.Namespace ?? "")
        && Matches(Kind, f.Object.Kind)
        && Matches(Name, f.Object.Name ?? "")
        && (Container == null || f.Container != null && Container.Split(',').Any(c => Glob.IsMatch(c.Trim(), f.Container)));

    private static bool Matches(string? pattern, string value) => pattern == null || Glob.IsMatch(pattern, value);
}

/// <summary>Shell-style globs: <c>*</c> any run of characters, <c>?</c> one character.</summary>
internal static class Glob
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Cache = new();

    public static bool IsMatch(string pattern, string value)
    {
        if (pattern == "*") return true;
        if (pattern.IndexOfAny(['*', '?']) < 0) return string.Equals(pattern, value, StringComparison.Ordinal);
        var regex = Cache.GetOrAdd(pattern, p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant));
        return regex.IsMatch(value);
    }
}
