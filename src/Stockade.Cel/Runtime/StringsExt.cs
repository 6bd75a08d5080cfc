using System.Globalization;
using System.Text;
using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// cel-go's strings extension as Kubernetes enables it: indices and lengths count code points, not UTF-16 units.
/// </summary>
internal static class StringsExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Member("charAt", 2, a =>
        {
            var (s, i) = (S(a, 0, "charAt"), L(a, 1, "charAt"));
            var cps = Cps(s);
            if (i < 0 || i > cps.Length) throw new CelEvalException($"index out of range: {i}");
            return i == cps.Length ? "" : char.ConvertFromUtf32(cps[i]);
        });
        r.Member("indexOf", 2, a => a[0] is string ? IndexOf(S(a, 0, "indexOf"), S(a, 1, "indexOf"), 0) : ListsExt.IndexOf(a, last: false));
        r.Member("indexOf", 3, a => IndexOf(S(a, 0, "indexOf"), S(a, 1, "indexOf"), L(a, 2, "indexOf")));
        r.Member("lastIndexOf", 2, a => a[0] is string ? LastIndexOf(S(a, 0, "lastIndexOf"), S(a, 1, "lastIndexOf"), null) : ListsExt.IndexOf(a, last: true));
        r.Member("lastIndexOf", 3, a => LastIndexOf(S(a, 0, "lastIndexOf"), S(a, 1, "lastIndexOf"), L(a, 2, "lastIndexOf")));
        r.Member("lowerAscii", 1, a => Ascii(S(a, 0, "lowerAscii"), upper: false));
        r.Member("upperAscii", 1, a => Ascii(S(a, 0, "upperAscii"), upper: true));
        r.Member("replace", 3, a => Replace(S(a, 0, "replace"), S(a, 1, "replace"), S(a, 2, "replace"), -1));
        r.Member("replace", 4, a => Replace(S(a, 0, "replace"), S(a, 1, "replace"), S(a, 2, "replace"), L(a, 3, "replace")));
        r.Member("split", 2, a => Split(S(a, 0, "split"), S(a, 1, "split"), -1));
        r.Member("split", 3, a => Split(S(a, 0, "split"), S(a, 1, "split"), L(a, 2, "split")));
        r.Member("substring", 2, a =>
        {
            var cps = Cps(S(a, 0, "substring"));
            return Substring(cps, L(a, 1, "substring"), cps.Length);
        });
        r.Member("substring", 3, a => Substring(Cps(S(a, 0, "substring")), L(a, 1, "substring"), L(a, 2, "substring")));
        r.Member("trim", 1, a => Trim(S(a, 0, "trim")));
        r.Member("join", 1, a => Join(a, ""));
        r.Member("join", 2, a => Join(a, S(a, 1, "join")));
        r.Member("reverse", 1, a => a[0] is string s
            ? string.Concat(Cps(s).Reverse().Select(char.ConvertFromUtf32))
            : ListsExt.Reverse(a[0]));
        r.Global("strings.quote", 1, a => Quote(S(a, 0, "strings.quote")));
    }

    internal static string S(object[] a, int i, string fn) => a[i] as string ?? throw Errors.NoOverload(fn, a);
    internal static long L(object[] a, int i, string fn) => a[i] is long l ? l : throw Errors.NoOverload(fn, a);

    private static int[] Cps(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                i++;
            }
            else list.Add(s[i]);
        }
        return list.ToArray();
    }

    private static string FromCps(IEnumerable<int> cps)
    {
        var sb = new StringBuilder();
        foreach (var c in cps) sb.Append(char.ConvertFromUtf32(c));
        return sb.ToString();
    }

    private static object IndexOf(string s, string sub, long start)
    {
        var cps = Cps(s);
        var subs = Cps(sub);
        if (start < 0 || start > cps.Length) throw new CelEvalException($"index out of range: {start}");
        for (var i = (int)start; i + subs.Length <= cps.Length; i++)
            if (cps.AsSpan(i, subs.Length).SequenceEqual(subs)) return (long)i;
        return -1L;
    }

    private static object LastIndexOf(string s, string sub, long? start)
    {
        var cps = Cps(s);
        var subs = Cps(sub);
        var from = start ?? cps.Length;
        if (from < 0 || from > cps.Length) throw new CelEvalException($"index out of range: {from}");
        for (var i = (int)Math.Min(from, cps.Length - subs.Length); i >= 0; i--)
            if (cps.AsSpan(i, subs.Length).SequenceEqual(subs)) return (long)i;
        return -1L;
    }

    private static string Ascii(string s, bool upper)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (upper && chars[i] is >= 'a' and <= 'z') chars[i] = (char)(chars[i] - 32);
            else if (!upper && chars[i] is >= 'A' and <= 'Z') chars[i] = (char)(chars[i] + 32);
        }
        return new string(chars);
    }

    // Go's strings.Replace: n < 0 replaces all; an empty old string matches between code points.
    private static string Replace(string s, string old, string with, long n)
    {
        if (n == 0) return s;
        if (old.Length == 0)
        {
            var cps = Cps(s);
            var sb = new StringBuilder();
            long done = 0;
            for (var i = 0; i <= cps.Length; i++)
            {
                if (n < 0 || done < n) { sb.Append(with); done++; }
                if (i < cps.Length) sb.Append(char.ConvertFromUtf32(cps[i]));
            }
            return sb.ToString();
        }
        var result = new StringBuilder();
        int pos = 0;
        long count = 0;
        while (n < 0 || count < n)
        {
            var idx = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (idx < 0) break;
            result.Append(s, pos, idx - pos).Append(with);
            pos = idx + old.Length;
            count++;
        }
        return result.Append(s, pos, s.Length - pos).ToString();
    }

    // Go's strings.SplitN.
    private static object Split(string s, string sep, long n)
    {
        var list = new List<object>();
        if (n == 0) return list;
        if (sep.Length == 0)
        {
            var cps = Cps(s);
            for (var i = 0; i < cps.Length; i++)
            {
                if (n > 0 && list.Count == n - 1)
                {
                    list.Add(FromCps(cps.Skip(i)));
                    return list;
                }
                list.Add(char.ConvertFromUtf32(cps[i]));
            }
            return list;
        }
        var pos = 0;
        while (n < 0 || list.Count < n - 1)
        {
            var idx = s.IndexOf(sep, pos, StringComparison.Ordinal);
            if (idx < 0) break;
            list.Add(s[pos..idx]);
            pos = idx + sep.Length;
        }
        list.Add(s[pos..]);
        return list;
    }

    private static string Substring(int[] cps, long start, long end)
    {
        if (start < 0 || start > cps.Length) throw new CelEvalException($"index out of range: {start}");
        if (end < 0 || end > cps.Length) throw new CelEvalException($"index out of range: {end}");
        if (end < start) throw new CelEvalException($"invalid substring range. start: {start}, end: {end}");
        return FromCps(cps.Skip((int)start).Take((int)(end - start)));
    }

    // Unicode White_Space, as Go's strings.TrimSpace / unicode.IsSpace (which cel-go uses).
    private static string Trim(string s) => s.Trim(' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00A0', '\u1680',
        '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200A',
        '\u2028', '\u2029', '\u202F', '\u205F', '\u3000');

    private static string Join(object[] a, string sep)
    {
        if (a[0] is not IReadOnlyList<object> list) throw Errors.NoOverload("join", a);
        var parts = new string[list.Count];
        for (var i = 0; i < list.Count; i++) parts[i] = list[i] as string ?? throw Errors.NoOverload("join", a);
        return string.Join(sep, parts);
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\a' => "\\a", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                '\v' => "\\v", '\\' => "\\\\", '"' => "\\\"",
                _ => c.ToString(CultureInfo.InvariantCulture),
            });
        }
        return sb.Append('"').ToString();
    }
}
