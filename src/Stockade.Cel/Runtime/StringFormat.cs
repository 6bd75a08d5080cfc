using System.Globalization;
using System.Numerics;
using System.Text;
using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// cel-go's `string.format(list)` (ext.Strings version 1+, which the API server enables from 1.29):
/// printf-style clauses %s %d %f %e %b %o %x %X with an optional precision (%.3f), %% for a percent sign.
/// Fixed-point and scientific digits round the double's exact binary value half to even, as Go does.
/// </summary>
internal static class StringFormat
{
    private const int DefaultPrecision = 6;

    public static void Register(FunctionRegistry r) => r.Member("format", 2, a =>
    {
        var template = StringsExt.S(a, 0, "format");
        return a[1] is IReadOnlyList<object> args ? Format(template, args) : throw Errors.NoOverload("format", a);
    });

    private static string Format(string template, IReadOnlyList<object> args)
    {
        var sb = new StringBuilder(template.Length + 16);
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '%')
            {
                sb.Append(template[i]);
                continue;
            }
            if (++i < template.Length && template[i] == '%')
            {
                sb.Append('%');
                continue;
            }
            int? precision = null;
            if (i < template.Length && template[i] == '.')
            {
                var start = ++i;
                while (i < template.Length && char.IsAsciiDigit(template[i])) i++;
                precision = i > start ? int.Parse(template.AsSpan(start, i - start), CultureInfo.InvariantCulture) : 0;
            }
            if (i >= template.Length) throw new CelEvalException("could not parse formatting clause: unrecognized formatting clause \"\"");
            var verb = template[i];
            if ("sdfebox".IndexOf(verb) < 0 && verb != 'X')
                throw new CelEvalException($"could not parse formatting clause: unrecognized formatting clause \"{verb}\"");
            if (next >= args.Count) throw new CelEvalException($"index {next} out of range");
            sb.Append(Clause(verb, precision ?? DefaultPrecision, args[next++]));
        }
        return sb.ToString();
    }

    private static string Clause(char verb, int precision, object v) => verb switch
    {
        's' => AsString(v),
        'd' => v switch
        {
            long or ulong => Stdlib.ToStringValue(v).ToString()!,
            double d when !double.IsFinite(d) => NonFinite(d),
            _ => throw Failure($"decimal clause can only be used on integers, was given {Errors.TypeName(v)}"),
        },
        'f' => Number(v, "fixed-point") is var f && double.IsFinite(f) ? Fixed(f, precision) : NonFinite(f),
        'e' => Number(v, "scientific") is var e && double.IsFinite(e) ? Scientific(e, precision) : NonFinite(e),
        'b' => v switch
        {
            bool b => b ? "1" : "0",
            long or ulong => Radix(v, 2),
            _ => throw Failure($"only integers and bools can be formatted as binary, was given {Errors.TypeName(v)}"),
        },
        'o' => v is long or ulong ? Radix(v, 8) : throw Failure($"octal clause can only be used on integers, was given {Errors.TypeName(v)}"),
        _ => Hex(v, upper: verb == 'X'),
    };

    private static CelEvalException Failure(string message) => new("error during formatting: " + message);

    private static double Number(object v, string clause) => v switch
    {
        double d => d,
        long l => l,
        ulong u => u,
        _ => throw Failure($"{clause} clause can only be used on doubles, was given {Errors.TypeName(v)}"),
    };

    private static string NonFinite(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    private static string AsString(object v) => v switch
    {
        double d => double.IsFinite(d) ? Stdlib.FormatDouble(d) : NonFinite(d),
        CelNull => "null",
        CelType t => t.Name,
        string or bool or long or ulong or CelBytes or CelTimestamp or CelDuration => (string)Stdlib.ToStringValue(v),
        IReadOnlyList<object> l => "[" + string.Join(", ", l.Select(AsString)) + "]",
        // Entries in the order of their formatted keys, as cel-go prints them.
        CelMap m => "{" + string.Join(", ", m.Keys
            .Select(k => (Key: AsString(k), Value: m.TryGet(k, out var x) ? AsString(x) : "")).OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Key + ": " + e.Value)) + "}",
        _ => throw Failure("string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given " + Errors.TypeName(v)),
    };

    private static string Hex(object v, bool upper)
    {
        var s = v switch
        {
            long or ulong => Radix(v, 16),
            string str => Convert.ToHexString(Encoding.UTF8.GetBytes(str)).ToLowerInvariant(),
            CelBytes b => Convert.ToHexString(b.Data).ToLowerInvariant(),
            _ => throw Failure($"only integers, byte buffers, and strings can be formatted as hex, was given {Errors.TypeName(v)}"),
        };
        return upper ? s.ToUpperInvariant() : s;
    }

    // Convert.ToString(long, base) prints the unsigned bit pattern, so a negative int is its sign and magnitude.
    private static string Radix(object v, int radix) => v switch
    {
        long l and < 0 => "-" + Convert.ToString(unchecked((long)(0UL - (ulong)l)), radix),
        long l => Convert.ToString(l, radix),
        _ => Convert.ToString(unchecked((long)(ulong)v), radix),
    };

    private static string Fixed(double d, int precision)
    {
        var (digits, point) = ExactDigits(Math.Abs(d));
        if (point < 1)
        {
            digits = new string('0', 1 - point) + digits;
            point = 1;
        }
        (digits, point) = Round(digits, point, point + precision);
        var whole = digits[..point];
        var frac = digits[point..];
        return (double.IsNegative(d) ? "-" : "") + whole + (precision > 0 ? "." + frac : "");
    }

    private static string Scientific(double d, int precision)
    {
        var sign = double.IsNegative(d) ? "-" : "";
        if (d == 0) return sign + "0" + (precision > 0 ? "." + new string('0', precision) : "") + "e+00";
        var (digits, point) = ExactDigits(Math.Abs(d));
        var lead = 0;
        while (digits[lead] == '0') lead++;
        digits = digits[lead..];
        point -= lead;
        (digits, point) = Round(digits, point, precision + 1);
        var exp = point - 1;
        var mantissa = digits[..1] + (precision > 0 ? "." + digits[1..(precision + 1)] : "");
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The exact decimal digits of a finite non-negative double, with the position of the decimal point.</summary>
    private static (string Digits, int Point) ExactDigits(double d)
    {
        var bits = BitConverter.DoubleToInt64Bits(d);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        if (exponent >= 0)
        {
            var s = (new BigInteger(mantissa) << exponent).ToString(CultureInfo.InvariantCulture);
            return (s, s.Length);
        }
        // m * 2^-k == m * 5^k / 10^k
        var digits = (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
        return (digits, digits.Length + exponent);
    }

    /// <summary>Keeps <paramref name="keep"/> digits, rounding half to even; a carry adds one in front and moves the point right.</summary>
    private static (string Digits, int Point) Round(string digits, int point, int keep)
    {
        if (digits.Length <= keep) return (digits + new string('0', keep - digits.Length), point);
        var kept = digits[..keep];
        var first = digits[keep];
        var beyond = digits.AsSpan(keep + 1).IndexOfAnyExcept('0') >= 0;
        var odd = keep > 0 && (kept[^1] - '0') % 2 == 1;
        if (first > '5' || (first == '5' && (beyond || odd)))
        {
            var up = (BigInteger.Parse(keep > 0 ? kept : "0", CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            // A carry (9.96 to 10.0) adds a digit in front: the point moves, the digits keep their count after it.
            if (up.Length > keep) point++;
            kept = up.PadLeft(keep, '0');
        }
        return (kept, point);
    }
}
