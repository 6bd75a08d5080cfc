using System.Globalization;
using System.Numerics;

namespace Stockade.Cel.Values;

/// <summary>
/// Kubernetes' resource.Quantity (apimachinery pkg/api/resource) as an exact decimal
/// <c>Unscaled × 10^Exponent</c>: parsed as <c>resource.ParseQuantity</c> does (suffixes, rounding up to
/// 1n, the int64 cap of binary-SI values) with its error messages; compared by value, so
/// <c>quantity("200M") == quantity("0.2G")</c>.
/// </summary>
internal sealed class CelQuantity : ICelTypedValue, IComparable<CelQuantity>
{
    public static readonly CelType Type = new("kubernetes.Quantity");

    internal const string ErrFormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    private const string ErrSuffix = "unable to parse quantity's suffix";
    private const string ErrNumeric = "unable to parse numeric part of quantity";

    // An exponent past this would make exact arithmetic allocate without bound; upstream's inf.Dec
    // is as exact but lazier. No real quantity comes near it.
    private const int MaxExponent = 1000;

    public BigInteger Unscaled { get; }
    public int Exponent { get; }

    internal CelQuantity(BigInteger unscaled, int exponent)
    {
        Unscaled = unscaled;
        Exponent = exponent;
    }

    public CelType CelType => Type;

    public static bool TryParse(string s, out CelQuantity quantity, out string error)
    {
        quantity = null!;
        error = ErrFormatWrong;
        if (s.Length == 0) return false;
        var pos = 0;
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            pos++;
        }
        var numStart = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        var num = s[numStart..pos];
        var denom = "";
        var sawDot = false;
        if (pos < s.Length && s[pos] == '.')
        {
            sawDot = true;
            var d = ++pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
            denom = s[d..pos];
        }
        // The documented pattern needs a digit or '.' before the suffix ("Mi" alone is not a quantity).
        if (num.Length == 0 && denom.Length == 0 && !sawDot) return false;
        var suffixStart = pos;
        while (pos < s.Length && "eEinumkKMGTP".Contains(s[pos])) pos++;
        if (pos < s.Length && s[pos] is '-' or '+') pos++;
        while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        if (pos < s.Length) return false;
        var suffix = s[suffixStart..];

        if (!Interpret(suffix, out var binary, out var exp))
        {
            error = ErrSuffix;
            return false;
        }
        var digits = (num + denom).TrimStart('0');
        var unscaled = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        if (negative) unscaled = -unscaled;
        var scale = -denom.Length;
        if (binary) unscaled *= BigInteger.Pow(2, exp);
        else scale += exp;
        if (Math.Abs(scale) > MaxExponent)
        {
            error = ErrNumeric;
            return false;
        }
        var q = RoundUpToNano(unscaled, scale);
        // ParseQuantity caps binary-SI amounts at the largest int64.
        if (binary && q.CompareTo(new CelQuantity(long.MaxValue, 0)) > 0) q = new CelQuantity(long.MaxValue, 0);
        quantity = q;
        error = "";
        return true;
    }

    public static CelQuantity Parse(string s) =>
        TryParse(s, out var q, out var error) ? q : throw new CelEvalException(error);

    private static bool Interpret(string suffix, out bool binary, out int exp)
    {
        binary = false;
        exp = 0;
        switch (suffix)
        {
            case "": return true;
            case "n": exp = -9; return true;
            case "u": exp = -6; return true;
            case "m": exp = -3; return true;
            case "k": exp = 3; return true;
            case "M": exp = 6; return true;
            case "G": exp = 9; return true;
            case "T": exp = 12; return true;
            case "P": exp = 15; return true;
            case "E": exp = 18; return true;
            case "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei":
                binary = true;
                exp = 10 * ("KMGTPE".IndexOf(suffix[0]) + 1);
                return true;
        }
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp))
            return Math.Abs(exp) <= MaxExponent;
        return false;
    }

    // Non-zero amounts below 1n round away from zero to 1n, as ParseQuantity (inf.RoundUp at scale 9).
    private static CelQuantity RoundUpToNano(BigInteger unscaled, int exponent)
    {
        if (exponent >= -9 || unscaled.IsZero) return new CelQuantity(unscaled, unscaled.IsZero ? 0 : exponent);
        var q = BigInteger.DivRem(unscaled, BigInteger.Pow(10, -9 - exponent), out var rem);
        if (!rem.IsZero) q += unscaled.Sign;
        return new CelQuantity(q, -9);
    }

    private static (BigInteger A, BigInteger B, int Exp) Align(CelQuantity a, CelQuantity b)
    {
        var e = Math.Min(a.Exponent, b.Exponent);
        return (a.Unscaled * BigInteger.Pow(10, a.Exponent - e), b.Unscaled * BigInteger.Pow(10, b.Exponent - e), e);
    }

    public int CompareTo(CelQuantity? other)
    {
        var (a, b, _) = Align(this, other!);
        return a.CompareTo(b);
    }

    public int Sign => Unscaled.Sign;

    public CelQuantity Add(CelQuantity other)
    {
        var (a, b, e) = Align(this, other);
        return new CelQuantity(a + b, e);
    }

    public CelQuantity Sub(CelQuantity other)
    {
        var (a, b, e) = Align(this, other);
        return new CelQuantity(a - b, e);
    }

    public CelQuantity Mul(long n) => new(Unscaled * n, Exponent);

    /// <summary>The quotient rounded half away from zero to <paramref name="places"/> decimal places (Quantity.QuoRound).</summary>
    public CelQuantity Divide(long d, int places)
    {
        var shift = Exponent + places;
        var n = shift >= 0 ? Unscaled * BigInteger.Pow(10, shift) : Unscaled;
        var den = shift >= 0 ? new BigInteger(d) : d * BigInteger.Pow(10, -shift);
        var q = BigInteger.DivRem(n, den, out var rem);
        if (BigInteger.Abs(rem) * 2 >= BigInteger.Abs(den)) q += (n.Sign * den.Sign);
        return new CelQuantity(q, -places);
    }

    /// <summary>The integer quotient, truncated toward zero (Quantity.QuoIntegerDivision).</summary>
    public CelQuantity DivideInteger(long d)
    {
        var whole = Exponent >= 0 ? Unscaled * BigInteger.Pow(10, Exponent) : BigInteger.Divide(Unscaled, BigInteger.Pow(10, -Exponent));
        return new CelQuantity(BigInteger.Divide(whole, d), 0);
    }

    /// <summary>The value as an int64 when it is an integer in range (Quantity.AsInt64).</summary>
    public bool TryAsInt64(out long value)
    {
        value = 0;
        BigInteger whole;
        if (Exponent >= 0)
        {
            if (Exponent > 19 && !Unscaled.IsZero) return false;
            whole = Unscaled * BigInteger.Pow(10, Exponent);
        }
        else
        {
            whole = BigInteger.DivRem(Unscaled, BigInteger.Pow(10, -Exponent), out var rem);
            if (!rem.IsZero) return false;
        }
        if (whole < long.MinValue || whole > long.MaxValue) return false;
        value = (long)whole;
        return true;
    }

    public double AsApproximateFloat() =>
        double.Parse(Unscaled.ToString(CultureInfo.InvariantCulture) + "E" + Exponent.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    public override bool Equals(object? obj) => obj is CelQuantity q && CompareTo(q) == 0;

    public override int GetHashCode() => AsApproximateFloat().GetHashCode();

    public override string ToString() => $"quantity({Unscaled}e{Exponent})";
}
