using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// RE2 patterns on .NET's linear-time engine (RegexOptions.NonBacktracking), so a policy's regex
/// cannot backtrack catastrophically. RE2 has no backreferences or lookarounds; .NET's
/// non-backtracking engine rejects those too, and such a pattern is an evaluation error.
/// Compiled once per pattern.
/// </summary>
internal static class Re2
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static Regex Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var re)) return re;
        try
        {
            // RE2 spells named groups (?P<name>…); .NET spells them (?<name>…).
            re = new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new CelEvalException($"invalid regex '{pattern}': {e.Message}");
        }
        if (Cache.Count < 10_000) Cache[pattern] = re;
        return re;
    }

    public static void Register(FunctionRegistry r)
    {
        r.Member("find", 2, a => a[0] is string s && a[1] is string p
            ? (Get(p).Match(s) is { Success: true } m ? m.Value : "")
            : throw Errors.NoOverload("find", a));
        r.Member("findAll", 2, a => FindAll(a, long.MaxValue));
        r.Member("findAll", 3, a => FindAll(a, a[2] is long n ? n : throw Errors.NoOverload("findAll", a)));
    }

    private static object FindAll(object[] a, long limit)
    {
        if (a[0] is not string s || a[1] is not string p) throw Errors.NoOverload("findAll", a);
        var list = new List<object>();
        if (limit == 0) return list;
        foreach (Match m in Get(p).Matches(s))
        {
            list.Add(m.Value);
            if (limit > 0 && list.Count >= limit) break;
        }
        return list;
    }
}
