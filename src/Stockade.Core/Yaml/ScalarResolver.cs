using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Stockade.Yaml;

/// <summary>
/// Resolves scalars exactly as goyaml v2 (the parser behind sigs.k8s.io/yaml and so behind
/// kubectl and the API server) does: YAML 1.1 booleans (<c>yes</c>, <c>On</c>, <c>n</c>…), Go
/// integer syntax (<c>0x1F</c>, <c>0777</c>, <c>0b101</c>, <c>1_000</c>), floats, nulls, and
/// explicit tags that force or check a type.
/// </summary>
internal static partial class ScalarResolver
{
    public const string TagPrefix = "tag:yaml.org,2002:";
    public const string StrTag = TagPrefix + "str";
    public const string BoolTag = TagPrefix + "bool";
    public const string IntTag = TagPrefix + "int";
    public const string FloatTag = TagPrefix + "float";
    public const string NullTag = TagPrefix + "null";
    public const string TimestampTag = TagPrefix + "timestamp";
    public const string BinaryTag = TagPrefix + "binary";
    public const string MergeTag = TagPrefix + "merge";

    private static readonly Dictionary<string, (ScalarKind Kind, bool Bool)> Words = BuildWords();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    private static Dictionary<string, (ScalarKind, bool)> BuildWords()
    {
        var d = new Dictionary<string, (ScalarKind, bool)>(StringComparer.Ordinal);
        foreach (var w in new[] { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" }) d[w] = (ScalarKind.Bool, true);
        foreach (var w in new[] { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" }) d[w] = (ScalarKind.Bool, false);
        foreach (var w in new[] { "", "~", "null", "Null", "NULL" }) d[w] = (ScalarKind.Null, false);
        return d;
    }

    /// <summary>
    /// Resolves a scalar. <paramref name="tag"/> is the full explicit tag or empty; a quoted or
    /// block scalar without a tag is always a string.
    /// </summary>
    /// <exception cref="YamlSemanticException">An explicit tag the value cannot satisfy (goyaml: "cannot decode !!str `abc` as a !!int").</exception>
    public static YScalar Resolve(SourcePosition position, string text, string tag, bool plain)
    {
        if (tag.Length == 0 && !plain) return StringScalar(position, text);
        if (tag.Length != 0 && !IsResolvableTag(tag)) return StringScalar(position, text);
        if (tag == StrTag) return StringScalar(position, text);
        if (tag == BinaryTag) return StringScalar(position, DecodeBinary(position, text));

        var resolved = ResolveUntagged(position, text);
        // goyaml decodes a timestamp into interface{} as its text, so it stays a string.
        if (tag.Length == 0 || tag == TimestampTag && resolved.Kind == ScalarKind.String && IsGoTimestamp(text)) return resolved;
        var resolvedTag = TagOf(resolved.Kind);
        if (resolvedTag == tag) return resolved;
        if (tag == FloatTag && resolved.Kind == ScalarKind.Int && !resolved.IntOutOfRange)
        {
            return new YScalar(position, text, ScalarKind.Float, false, 0, resolved.IntValue, false);
        }
        throw new YamlSemanticException(position, $"cannot decode {ShortTag(resolvedTag)} `{text}` as a {ShortTag(tag)}");
    }

    private static bool IsResolvableTag(string tag) =>
        tag is StrTag or BoolTag or IntTag or FloatTag or NullTag or TimestampTag or BinaryTag;

    private static string TagOf(ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => BoolTag,
        ScalarKind.Int => IntTag,
        ScalarKind.Float => FloatTag,
        ScalarKind.Null => NullTag,
        _ => StrTag,
    };

    public static string ShortTag(string tag) => tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? "!!" + tag[TagPrefix.Length..] : tag;

    private static YScalar StringScalar(SourcePosition p, string text) => new(p, text, ScalarKind.String, false, 0, 0, false);

    /// <summary>goyaml v2's resolution of a plain, untagged scalar.</summary>
    public static YScalar ResolveUntagged(SourcePosition p, string text)
    {
        if (text.Length == 0) return new YScalar(p, text, ScalarKind.Null, false, 0, 0, false);
        var c = text[0];
        var hint = c switch
        {
            '+' or '-' => 'S',
            >= '0' and <= '9' => 'D',
            'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
            '.' => '.',
            _ => '\0',
        };
        if (hint == '\0') return StringScalar(p, text);

        // No YAML 1.1 boolean or null word is longer than five characters ("false"); most keys are.
        if (text.Length <= 5 && Words.TryGetValue(text, out var word)) return new YScalar(p, text, word.Kind, word.Bool, 0, 0, false);
        switch (hint)
        {
            case '.':
                if (text is ".nan" or ".NaN" or ".NAN") return new YScalar(p, text, ScalarKind.Float, false, 0, double.NaN, false);
                if (text is ".inf" or ".Inf" or ".INF") return new YScalar(p, text, ScalarKind.Float, false, 0, double.PositiveInfinity, false);
                if (TryGoParseFloat(text, out var dotFloat)) return new YScalar(p, text, ScalarKind.Float, false, 0, dotFloat, false);
                break;
            case 'S' or 'D':
                if (text is "+.inf" or "+.Inf" or "+.INF") return new YScalar(p, text, ScalarKind.Float, false, 0, double.PositiveInfinity, false);
                if (text is "-.inf" or "-.Inf" or "-.INF") return new YScalar(p, text, ScalarKind.Float, false, 0, double.NegativeInfinity, false);
                var plain = text.Contains('_') ? text.Replace("_", "") : text;
                var intResult = GoParseInt(plain, out var intValue);
                if (intResult == GoParse.Ok) return new YScalar(p, text, ScalarKind.Int, false, intValue, 0, false);
                if (GoParseUnsigned(plain, out _) == GoParse.Ok) return new YScalar(p, text, ScalarKind.Int, false, 0, 0, true);
                if (YamlStyleFloat().IsMatch(plain) && TryGoParseFloat(plain, out var f)) return new YScalar(p, text, ScalarKind.Float, false, 0, f, false);
                if (plain.StartsWith("0b", StringComparison.Ordinal) && TryParseBinary(plain.AsSpan(2), false, out var b)) return new YScalar(p, text, ScalarKind.Int, false, b, 0, false);
                if (plain.StartsWith("-0b", StringComparison.Ordinal) && TryParseBinary(plain.AsSpan(3), true, out var nb)) return new YScalar(p, text, ScalarKind.Int, false, nb, 0, false);
                if (intResult == GoParse.Range) return new YScalar(p, text, ScalarKind.Int, false, 0, 0, true);
                break;
        }
        return StringScalar(p, text);
    }

    // goyaml v2's allowedTimestampFormats: "2006-1-2T15:4:5.999999999Z07:00" (T or t), "2006-1-2 15:4:5.999999999", "2006-1-2".
    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{1,2})-(?<d>[0-9]{1,2})(?:(?:[Tt](?<t>[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?)(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: (?<t>[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?)))?$", RegexOptions.CultureInvariant)]
    private static partial Regex GoTimestamp();

    /// <summary>goyaml v2's parseTimestamp, including Go's range checks on every field.</summary>
    private static bool IsGoTimestamp(string s)
    {
        var m = GoTimestamp().Match(s);
        if (!m.Success) return false;
        int year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        if (!m.Groups["t"].Success) return true;
        var hms = m.Groups["t"].Value.Split('.')[0].Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return hms[0] < 24 && hms[1] < 60 && hms[2] < 60;
    }

    /// <summary>goyaml decodes a !!binary scalar from standard base64 (line breaks ignored) into a string.</summary>
    private static string DecodeBinary(SourcePosition position, string text)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace("\r", "").Replace("\n", "")));
        }
        catch (FormatException)
        {
            throw new YamlSemanticException(position, "!!binary value contains invalid base64 data");
        }
    }

    private enum GoParse { Ok, Syntax, Range }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>.</summary>
    private static GoParse GoParseInt(string s, out long value)
    {
        value = 0;
        if (s.Length == 0) return GoParse.Syntax;
        var negative = false;
        var body = s.AsSpan();
        if (body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        var r = GoParseMagnitude(body, out var magnitude);
        if (r != GoParse.Ok) return r;
        if (!negative)
        {
            if (magnitude > long.MaxValue) return GoParse.Range;
            value = (long)magnitude;
            return GoParse.Ok;
        }
        if (magnitude > (ulong)long.MaxValue + 1) return GoParse.Range;
        value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
        return GoParse.Ok;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, 64)</c> (no sign allowed).</summary>
    private static GoParse GoParseUnsigned(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s[0] is '+' or '-') return GoParse.Syntax;
        return GoParseMagnitude(s.AsSpan(), out value);
    }

    private static GoParse GoParseMagnitude(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        if (s.Length == 0) return GoParse.Syntax;
        var radix = 10;
        if (s[0] == '0' && s.Length > 1)
        {
            switch (s[1])
            {
                case 'x' or 'X': radix = 16; s = s[2..]; break;
                case 'o' or 'O': radix = 8; s = s[2..]; break;
                case 'b' or 'B': radix = 2; s = s[2..]; break;
                default: radix = 8; s = s[1..]; break;
            }
            if (s.Length == 0) return GoParse.Syntax;
        }
        var overflow = false;
        foreach (var ch in s)
        {
            int digit = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'z' => ch - 'a' + 10,
                >= 'A' and <= 'Z' => ch - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix) return GoParse.Syntax;
            if (overflow) continue;
            var next = value * (ulong)radix + (ulong)digit;
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix) overflow = true;
            else value = next;
        }
        return overflow ? GoParse.Range : GoParse.Ok;
    }

    private static bool TryParseBinary(ReadOnlySpan<char> digits, bool negative, out long value)
    {
        value = 0;
        if (digits.Length == 0) return false;
        var v = BigInteger.Zero;
        foreach (var ch in digits)
        {
            if (ch is not ('0' or '1')) return false;
            v = v * 2 + (ch - '0');
        }
        if (negative) v = -v;
        if (v < long.MinValue || v > long.MaxValue) return false;
        value = (long)v;
        return true;
    }

    private static bool TryGoParseFloat(string s, out double value)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        // Go reports overflow to ±Inf as an error, and the scalar then stays a string.
        return !double.IsInfinity(value);
    }

    /// <summary>
    /// The JSON object key sigs.k8s.io/yaml makes of a resolved scalar key (a YAML <c>yes:</c>
    /// key becomes <c>"true"</c>, <c>0x10:</c> becomes <c>"16"</c>).
    /// </summary>
    /// <returns>null when the API server's YAML-to-JSON conversion rejects the key.</returns>
    public static string? ToJsonKey(YScalar key) => key.Kind switch
    {
        ScalarKind.String => key.Text,
        ScalarKind.Bool => key.BoolValue ? "true" : "false",
        ScalarKind.Int when !key.IntOutOfRange => key.IntValue.ToString(CultureInfo.InvariantCulture),
        ScalarKind.Float => FormatFloat32(key.FloatValue),
        _ => null,
    };

    /// <summary>Go's <c>strconv.FormatFloat(d, 'g', -1, 32)</c>, as sigs.k8s.io/yaml formats a float key.</summary>
    private static string FormatFloat32(double d)
    {
        if (double.IsNaN(d)) return ".nan";
        if (double.IsPositiveInfinity(d)) return ".inf";
        if (double.IsNegativeInfinity(d)) return "-.inf";
        var (negative, digits, exponent) = ShortestDecimal(((float)d).ToString("R", CultureInfo.InvariantCulture));
        if (digits.Length == 0) return negative ? "-0" : "0";
        var sign = negative ? "-" : "";
        // %g with shortest precision uses %e when the exponent is < -4 or >= 6 (Go's eprec for shortest).
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        if (exponent < 0) return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        if (digits.Length <= exponent + 1) return sign + digits + new string('0', exponent + 1 - digits.Length);
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }

    /// <summary>Splits a round-trip float string ("1.5E-07", "0.0001") into sign, significant digits and decimal exponent.</summary>
    private static (bool Negative, string Digits, int Exponent) ShortestDecimal(string roundTrip)
    {
        var negative = roundTrip.StartsWith('-');
        var parts = roundTrip.TrimStart('-').Split('E');
        var power = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        var point = parts[0].IndexOf('.');
        var all = parts[0].Replace(".", "");
        var pointAt = (point < 0 ? all.Length : point) + power;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        return (negative, all.Trim('0'), pointAt - leadingZeros - 1);
    }
}

/// <summary>A document that parses as YAML but that the API server's decoder rejects.</summary>
internal sealed class YamlSemanticException(SourcePosition position, string message) : Exception(message)
{
    public SourcePosition Position { get; } = position;
}
