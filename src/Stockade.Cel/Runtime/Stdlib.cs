using System.Globalization;
using System.Text;
using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>CEL's standard definitions (langdef.md "Standard Definitions") and the optional library.</summary>
internal static class Stdlib
{
    public static CelType TypeOf(object v) => v switch
    {
        long => CelType.Int,
        ulong => CelType.Uint,
        double => CelType.Double,
        bool => CelType.Bool,
        string => CelType.String,
        CelBytes => CelType.Bytes,
        IReadOnlyList<object> => CelType.List,
        CelMap => CelType.Map,
        CelNull => CelType.Null,
        CelType => CelType.Type,
        CelOptional => CelType.Optional,
        CelTimestamp => CelType.Timestamp,
        CelDuration => CelType.Duration,
        ICelTypedValue t => t.CelType,
        _ => new CelType(v.GetType().Name),
    };

    public static void Register(FunctionRegistry r)
    {
        r.Both("size", 1, a => Size(a[0]));
        r.Global("type", 1, a => TypeOf(a[0]));
        r.Global("dyn", 1, a => a[0]);
        r.Global("int", 1, a => ToInt(a[0]));
        r.Global("uint", 1, a => ToUint(a[0]));
        r.Global("double", 1, a => ToDouble(a[0]));
        r.Global("string", 1, a => ToStringValue(a[0]));
        r.Global("bytes", 1, a => a[0] switch
        {
            string s => new CelBytes(Encoding.UTF8.GetBytes(s)),
            CelBytes b => b,
            var v => throw Errors.NoOverload("bytes", v),
        });
        r.Global("bool", 1, a => a[0] switch
        {
            bool b => b,
            string s => s switch
            {
                "1" or "t" or "true" or "TRUE" or "True" => CelBool.True,
                "0" or "f" or "false" or "FALSE" or "False" => CelBool.False,
                _ => throw new CelEvalException($"type conversion error from 'string' to 'bool': {s}"),
            },
            var v => throw Errors.NoOverload("bool", v),
        });
        r.Member("contains", 2, a => Str(a, "contains", out var s, out var t) && s.Contains(t, StringComparison.Ordinal));
        r.Member("startsWith", 2, a => Str(a, "startsWith", out var s, out var t) && s.StartsWith(t, StringComparison.Ordinal));
        r.Member("endsWith", 2, a => Str(a, "endsWith", out var s, out var t) && s.EndsWith(t, StringComparison.Ordinal));
        r.Both("matches", 2, a => Str(a, "matches", out var s, out var p) && Re2.Get(p).IsMatch(s));

        r.Global("optional.of", 1, a => CelOptional.Of(a[0]));
        r.Global("optional.none", 0, _ => CelOptional.None);
        r.Global("optional.ofNonZeroValue", 1, a => IsZero(a[0]) ? CelOptional.None : CelOptional.Of(a[0]));
        r.Member("hasValue", 1, a => a[0] is CelOptional o ? o.HasValue : throw Errors.NoOverload("hasValue", a[0]));
        r.Member("value", 1, a => a[0] is CelOptional o ? o.Value : throw Errors.NoOverload("value", a[0]));

        Time.Register(r);
    }

    private static bool Str(object[] a, string fn, out string s, out string t)
    {
        if (a[0] is string x && a[1] is string y)
        {
            s = x;
            t = y;
            return true;
        }
        throw Errors.NoOverload(fn, a);
    }

    public static object Size(object v) => v switch
    {
        string s => CodePoints(s),
        CelBytes b => (long)b.Data.Length,
        IReadOnlyList<object> l => (long)l.Count,
        CelMap m => (long)m.Count,
        _ => throw Errors.NoOverload("size", v),
    };

    public static long CodePoints(string s)
    {
        long n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    private static bool IsZero(object v) => v switch
    {
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        bool b => !b,
        string s => s.Length == 0,
        CelBytes b => b.Data.Length == 0,
        IReadOnlyList<object> l => l.Count == 0,
        CelMap m => m.Count == 0,
        CelNull => true,
        CelTimestamp t => t.Utc == DateTime.UnixEpoch,
        CelDuration d => d.Span == TimeSpan.Zero,
        _ => false,
    };

    private static object ToInt(object v)
    {
        switch (v)
        {
            case long: return v;
            case ulong u: return u <= long.MaxValue ? (long)u : throw new CelEvalException("range error converting uint to int");
            case double d:
                // cel-go: the open interval (-2^63, 2^63) after truncation.
                if (double.IsNaN(d) || d <= -9.2233720368547758E18 || d >= 9.2233720368547758E18)
                    throw new CelEvalException("range error converting double to int");
                return (long)d;
            case string s:
                return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l
                    : throw new CelEvalException($"type conversion error from 'string' to 'int': {s}");
            case CelTimestamp t: return (t.Utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
            default: throw Errors.NoOverload("int", v);
        }
    }

    private static object ToUint(object v)
    {
        switch (v)
        {
            case ulong: return v;
            case long l: return l >= 0 ? (ulong)l : throw new CelEvalException("range error converting int to uint");
            case double d:
                if (double.IsNaN(d) || d <= -1 || d >= 1.8446744073709552E19) throw new CelEvalException("range error converting double to uint");
                return (ulong)d;
            case string s:
                return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u
                    : throw new CelEvalException($"type conversion error from 'string' to 'uint': {s}");
            default: throw Errors.NoOverload("uint", v);
        }
    }

    private static object ToDouble(object v) => v switch
    {
        double => v,
        long l => (double)l,
        ulong u => (double)u,
        string s => ParseDouble(s),
        _ => throw Errors.NoOverload("double", v),
    };

    private static double ParseDouble(string s)
    {
        switch (s)
        {
            case "NaN": return double.NaN;
            case "Infinity" or "+Infinity" or "inf" or "+inf": return double.PositiveInfinity;
            case "-Infinity" or "-inf": return double.NegativeInfinity;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : throw new CelEvalException($"type conversion error from 'string' to 'double': {s}");
    }

    public static object ToStringValue(object v) => v switch
    {
        string => v,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        bool b => b ? "true" : "false",
        CelBytes b => Utf8(b),
        CelTimestamp t => Time.Format(t),
        CelDuration d => Time.Format(d),
        _ => throw Errors.NoOverload("string", v),
    };

    // Go's strconv.FormatFloat(d, 'g', -1, 64), which cel-go uses: shortest round-trip digits.
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E');
        if (e < 0) return s;
        var exp = int.Parse(s.AsSpan(e + 1), CultureInfo.InvariantCulture);
        if (exp is >= -4 and < 21) return d.ToString("0.####################", CultureInfo.InvariantCulture);
        return s[..e] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string Utf8(CelBytes b)
    {
        try { return new UTF8Encoding(false, true).GetString(b.Data); }
        catch (DecoderFallbackException) { throw new CelEvalException("invalid UTF-8 in bytes, cannot convert to string"); }
    }
}
