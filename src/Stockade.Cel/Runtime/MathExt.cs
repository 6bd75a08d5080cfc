using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// cel-go's math extension (ext.Math): greatest/least over numbers of mixed kinds, rounding,
/// sign and classification of doubles, and bitwise operations. The API server does not enable it,
/// so only <see cref="FunctionRegistry.CelGoExtended"/> registers it (conformance), never policies.
/// </summary>
internal static class MathExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Variadic("math.greatest", a => Extreme(a, "math.greatest", 1));
        r.Variadic("math.least", a => Extreme(a, "math.least", -1));
        r.Global("math.ceil", 1, a => Math.Ceiling(D(a, "math.ceil")));
        r.Global("math.floor", 1, a => Math.Floor(D(a, "math.floor")));
        // Go's math.Round: halves away from zero.
        r.Global("math.round", 1, a => Math.Round(D(a, "math.round"), MidpointRounding.AwayFromZero));
        r.Global("math.trunc", 1, a => Math.Truncate(D(a, "math.trunc")));
        r.Global("math.isNaN", 1, a => CelBool.Of(double.IsNaN(D(a, "math.isNaN"))));
        r.Global("math.isInf", 1, a => CelBool.Of(double.IsInfinity(D(a, "math.isInf"))));
        r.Global("math.isFinite", 1, a => CelBool.Of(double.IsFinite(D(a, "math.isFinite"))));
        r.Global("math.abs", 1, a => a[0] switch
        {
            long.MinValue => throw Errors.Overflow(),
            long l => (object)Math.Abs(l),
            ulong u => u,
            double d => Math.Abs(d),
            _ => throw Errors.NoOverload("math.abs", a),
        });
        r.Global("math.sign", 1, a => a[0] switch
        {
            long l => (object)(long)Math.Sign(l),
            ulong u => u == 0 ? 0UL : 1UL,
            double d => double.IsNaN(d) ? d : (double)Math.Sign(d),
            _ => throw Errors.NoOverload("math.sign", a),
        });
        r.Global("math.bitAnd", 2, a => Bits(a, "math.bitAnd", (x, y) => x & y, (x, y) => x & y));
        r.Global("math.bitOr", 2, a => Bits(a, "math.bitOr", (x, y) => x | y, (x, y) => x | y));
        r.Global("math.bitXor", 2, a => Bits(a, "math.bitXor", (x, y) => x ^ y, (x, y) => x ^ y));
        r.Global("math.bitNot", 1, a => a[0] switch
        {
            long l => (object)~l,
            ulong u => ~u,
            _ => throw Errors.NoOverload("math.bitNot", a),
        });
        r.Global("math.bitShiftLeft", 2, a => Shift(a, "math.bitShiftLeft", left: true));
        r.Global("math.bitShiftRight", 2, a => Shift(a, "math.bitShiftRight", left: false));
    }

    private static double D(object[] a, string fn) => a[0] is double d ? d : throw Errors.NoOverload(fn, a);

    // One list argument means its elements; otherwise the arguments themselves. Ties keep the first.
    private static object Extreme(object[] a, string fn, int sign)
    {
        IReadOnlyList<object> items = a.Length == 1 && a[0] is IReadOnlyList<object> l ? l : a;
        if (items.Count == 0) throw new CelEvalException($"{fn}(list) argument must not be empty");
        var best = items[0];
        if (best is not (long or ulong or double)) throw Errors.NoOverload(fn, best);
        for (var i = 1; i < items.Count; i++)
        {
            if (items[i] is not (long or ulong or double)) throw Errors.NoOverload(fn, best, items[i]);
            if (Ops.Compare(items[i], best, fn) is int c && Math.Sign(c) == sign) best = items[i];
        }
        return best;
    }

    private static object Bits(object[] a, string fn, Func<long, long, long> ints, Func<ulong, ulong, ulong> uints) => (a[0], a[1]) switch
    {
        (long x, long y) => ints(x, y),
        (ulong x, ulong y) => uints(x, y),
        _ => throw Errors.NoOverload(fn, a),
    };

    // Shifts of 64 bits or more give 0 (Go's semantics); a right shift of an int is logical, as cel-go's.
    private static object Shift(object[] a, string fn, bool left)
    {
        if (a[1] is not long n || a[0] is not (long or ulong)) throw Errors.NoOverload(fn, a);
        if (n < 0) throw new CelEvalException($"{fn}() negative offset: {n}");
        var bits = a[0] is long l ? (ulong)l : (ulong)a[0];
        var shifted = n >= 64 ? 0UL : left ? bits << (int)n : bits >> (int)n;
        return a[0] is long ? (long)shifted : shifted;
    }
}
