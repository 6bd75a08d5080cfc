using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>CEL's operators: heterogeneous numeric equality and ordering as cel-go, checked int/uint arithmetic.</summary>
internal static class Ops
{
    public static bool Equal(object l, object r) => l switch
    {
        long a => r switch { long b => a == b, ulong b => a >= 0 && (ulong)a == b, double b => a == b, _ => false },
        ulong a => r switch { ulong b => a == b, long b => b >= 0 && (ulong)b == a, double b => a == b, _ => false },
        double a => r switch { double b => a == b, long b => a == b, ulong b => a == b, _ => false },
        string a => r is string b && a == b,
        bool a => r is bool b && a == b,
        IReadOnlyList<object> a => r is IReadOnlyList<object> b && ListEqual(a, b),
        CelMap a => r is CelMap b && MapEqual(a, b),
        CelOptional a => r is CelOptional b && (a.HasValue ? b.HasValue && Equal(a.Value, b.Value) : !b.HasValue),
        _ => l.Equals(r),
    };

    private static bool ListEqual(IReadOnlyList<object> a, IReadOnlyList<object> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++) if (!Equal(a[i], b[i])) return false;
        return true;
    }

    private static bool MapEqual(CelMap a, CelMap b)
    {
        if (a.Count != b.Count) return false;
        foreach (var k in a.Keys)
        {
            if (!b.TryGet(k, out var bv) || !a.TryGet(k, out var av) || !Equal(av, bv)) return false;
        }
        return true;
    }

    /// <summary>Ordering; null when the two values are not ordered (NaN), an error when no overload exists.</summary>
    public static int? Compare(object l, object r, string op)
    {
        switch (l)
        {
            case long a:
                return r switch
                {
                    long b => a.CompareTo(b),
                    ulong b => a < 0 ? -1 : ((ulong)a).CompareTo(b),
                    double b => CompareDouble(a, b),
                    _ => throw Errors.NoOverload(op, l, r),
                };
            case ulong a:
                return r switch
                {
                    ulong b => a.CompareTo(b),
                    long b => b < 0 ? 1 : a.CompareTo((ulong)b),
                    double b => CompareDouble(a, b),
                    _ => throw Errors.NoOverload(op, l, r),
                };
            case double a:
                return r switch
                {
                    double b => double.IsNaN(a) || double.IsNaN(b) ? null : a.CompareTo(b),
                    long b => Negate(CompareDouble(b, a)),
                    ulong b => Negate(CompareDouble(b, a)),
                    _ => throw Errors.NoOverload(op, l, r),
                };
            case string a when r is string b: return CodePointCompare(a, b);
            case bool a when r is bool b: return a.CompareTo(b);
            case CelBytes a when r is CelBytes b: return a.CompareTo(b);
            case CelTimestamp a when r is CelTimestamp b: return a.Utc.CompareTo(b.Utc);
            case CelDuration a when r is CelDuration b: return a.Span.CompareTo(b.Span);
            default: throw Errors.NoOverload(op, l, r);
        }
    }

    private static int? Negate(int? c) => c == null ? null : -c;

    // Exact comparison of an integer with a double (no rounding of the integer to double).
    private static int? CompareDouble(long a, double b)
    {
        if (double.IsNaN(b)) return null;
        if (b >= 9.2233720368547758E18) return -1;
        if (b < -9.2233720368547758E18) return 1;
        var t = Math.Truncate(b);
        var c = a.CompareTo((long)t);
        return c != 0 ? c : (b > t ? -1 : b < t ? 1 : 0);
    }

    private static int? CompareDouble(ulong a, double b)
    {
        if (double.IsNaN(b)) return null;
        if (b >= 1.8446744073709552E19) return -1;
        if (b < 0) return 1;
        var t = Math.Truncate(b);
        var c = a.CompareTo((ulong)t);
        return c != 0 ? c : (b > t ? -1 : 0);
    }

    // Strings order by code point; UTF-16 order differs from it only between surrogates and U+E000..U+FFFF.
    private static int CodePointCompare(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i]) return Math.Sign(Rank(a[i]).CompareTo(Rank(b[i])));
        }
        return a.Length.CompareTo(b.Length);
        static int Rank(char c) => c is >= '\uD800' and <= '\uDFFF' ? c + 0x2000 : c >= '\uE000' ? c - 0x800 : c;
    }

    public static object Add(object l, object r)
    {
        switch (l)
        {
            case long a when r is long b:
                try { return checked(a + b); } catch (OverflowException) { throw Errors.Overflow(); }
            case ulong a when r is ulong b:
                try { return checked(a + b); } catch (OverflowException) { throw Errors.Overflow(); }
            case double a when r is double b: return a + b;
            case string a when r is string b: return string.Concat(a, b);
            case CelBytes a when r is CelBytes b: return new CelBytes([.. a.Data, .. b.Data]);
            case IReadOnlyList<object> a when r is IReadOnlyList<object> b:
            {
                var list = new List<object>(a.Count + b.Count);
                list.AddRange(a);
                list.AddRange(b);
                return list;
            }
            case CelTimestamp a when r is CelDuration b: return Time.Add(a, b.Span);
            case CelDuration a when r is CelTimestamp b: return Time.Add(b, a.Span);
            case CelDuration a when r is CelDuration b: return Time.Duration(a.Span.Ticks, b.Span.Ticks, +1);
        }
        throw Errors.NoOverload("_+_", l, r);
    }

    public static object Subtract(object l, object r)
    {
        switch (l)
        {
            case long a when r is long b:
                try { return checked(a - b); } catch (OverflowException) { throw Errors.Overflow(); }
            case ulong a when r is ulong b:
                try { return checked(a - b); } catch (OverflowException) { throw Errors.Overflow(); }
            case double a when r is double b: return a - b;
            case CelTimestamp a when r is CelDuration b: return Time.Add(a, -b.Span);
            case CelTimestamp a when r is CelTimestamp b: return Time.Duration(a.Utc.Ticks, b.Utc.Ticks, -1);
            case CelDuration a when r is CelDuration b: return Time.Duration(a.Span.Ticks, b.Span.Ticks, -1);
        }
        throw Errors.NoOverload("_-_", l, r);
    }

    public static object Multiply(object l, object r)
    {
        switch (l)
        {
            case long a when r is long b:
                try { return checked(a * b); } catch (OverflowException) { throw Errors.Overflow(); }
            case ulong a when r is ulong b:
                try { return checked(a * b); } catch (OverflowException) { throw Errors.Overflow(); }
            case double a when r is double b: return a * b;
        }
        throw Errors.NoOverload("_*_", l, r);
    }

    public static object Divide(object l, object r)
    {
        switch (l)
        {
            case long a when r is long b:
                if (b == 0) throw Errors.DivisionByZero();
                if (a == long.MinValue && b == -1) throw Errors.Overflow();
                return a / b;
            case ulong a when r is ulong b:
                if (b == 0) throw Errors.DivisionByZero();
                return a / b;
            case double a when r is double b: return a / b;
        }
        throw Errors.NoOverload("_/_", l, r);
    }

    public static object Modulo(object l, object r)
    {
        switch (l)
        {
            case long a when r is long b:
                if (b == 0) throw Errors.ModulusByZero();
                if (a == long.MinValue && b == -1) throw Errors.Overflow();
                return a % b;
            case ulong a when r is ulong b:
                if (b == 0) throw Errors.ModulusByZero();
                return a % b;
        }
        throw Errors.NoOverload("_%_", l, r);
    }

    public static object Negate(object v) => v switch
    {
        long a when a == long.MinValue => throw Errors.Overflow(),
        long a => -a,
        double d => -d,
        CelDuration d => new CelDuration(-d.Span),
        _ => throw Errors.NoOverload("-_", v),
    };

    public static bool In(object element, object container)
    {
        switch (container)
        {
            case IReadOnlyList<object> list:
                foreach (var item in list) if (Equal(element, item)) return true;
                return false;
            case CelMap map: return map.TryGet(element, out _);
            default: throw Errors.NoOverload("@in", element, container);
        }
    }

    public static object Index(object target, object key)
    {
        switch (target)
        {
            case IReadOnlyList<object> list:
                return TryListItem(list, key, out var item) ? item : throw new CelEvalException($"index out of range: {ListIndex(key)}");
            case CelMap map:
                if (key is not (string or long or ulong or bool or double)) throw Errors.NoOverload("_[_]", target, key);
                return map.TryGet(key, out var v) ? v : throw Errors.NoSuchKey(key);
            default: throw Errors.NoOverload("_[_]", target, key);
        }
    }

    public static bool TryIndex(object target, object key, out object value)
    {
        switch (target)
        {
            case IReadOnlyList<object> list: return TryListItem(list, key, out value);
            case CelMap map: return map.TryGet(key, out value);
            default: throw Errors.NoOverload("_[?_]", target, key);
        }
    }

    private static bool TryListItem(IReadOnlyList<object> list, object key, out object value)
    {
        var i = ListIndex(key);
        value = i >= 0 && i < list.Count ? list[(int)i] : null!;
        return value != null;
    }

    private static long ListIndex(object key) => key switch
    {
        long l => l,
        ulong u => u > int.MaxValue ? long.MaxValue : (long)u,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        double d => throw new CelEvalException($"unsupported index value: {d}"),
        _ => throw Errors.NoOverload("_[_]", "list", key),
    };
}
