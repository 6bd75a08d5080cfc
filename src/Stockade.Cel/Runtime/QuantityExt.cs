using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>Kubernetes' quantity library (<c>apiserver/pkg/cel/library/quantity.go</c>).</summary>
internal static class QuantityExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Global("quantity", 1, a => CelQuantity.Parse(StringsExt.S(a, 0, "quantity")));
        r.Global("isQuantity", 1, a => CelBool.Of(CelQuantity.TryParse(StringsExt.S(a, 0, "isQuantity"), out _, out _)));
        r.Both("sign", 1, a => (long)Q(a, 0, "sign").Sign);
        r.Member("isInteger", 1, a => CelBool.Of(Q(a, 0, "isInteger").TryAsInt64(out _)));
        r.Member("asInteger", 1, a => Q(a, 0, "asInteger").TryAsInt64(out var v) ? v : throw new CelEvalException("cannot convert value to integer"));
        r.Member("asApproximateFloat", 1, a => Q(a, 0, "asApproximateFloat").AsApproximateFloat());
        r.Member("add", 2, a => Q(a, 0, "add").Add(Operand(a, "add")));
        r.Member("sub", 2, a => Q(a, 0, "sub").Sub(Operand(a, "sub")));
        r.Member("mul", 2, a => Q(a, 0, "mul").Mul(StringsExt.L(a, 1, "mul")));
        r.Member("div", 2, a => Q(a, 0, "div").Divide(Divisor(a, "div"), 4));
        r.Member("div", 3, a =>
        {
            var (q, d, round) = (Q(a, 0, "div"), Divisor(a, "div"), StringsExt.L(a, 2, "div"));
            if (round is > 10 or < 0) throw new CelEvalException($"the valid range for roundVal is 0 to 10 but {round} was passed");
            return q.Divide(d, (int)round);
        });
        r.Member("divInt", 2, a => Q(a, 0, "divInt").DivideInteger(Divisor(a, "divInt")));
        Comparisons.Register<CelQuantity>(r);
    }

    private static CelQuantity Q(object[] a, int i, string fn) => a[i] as CelQuantity ?? throw Errors.NoOverload(fn, a);

    // add/sub take a Quantity or an int (an int is a DecimalSI quantity of that value).
    private static CelQuantity Operand(object[] a, string fn) => a[1] switch
    {
        CelQuantity q => q,
        long l => new CelQuantity(l, 0),
        _ => throw Errors.NoOverload(fn, a),
    };

    private static long Divisor(object[] a, string fn)
    {
        var d = StringsExt.L(a, 1, fn);
        return d != 0 ? d : throw new CelEvalException("division by zero error");
    }
}

/// <summary>compareTo, isLessThan and isGreaterThan of the library types that are ordered (Quantity, Semver).</summary>
internal static class Comparisons
{
    public static void Register<T>(FunctionRegistry r) where T : class, IComparable<T>
    {
        Overloads.AddMember(r, "compareTo", 2, a => a[0] is T, a => (long)Math.Sign(Cmp<T>(a, "compareTo")));
        Overloads.AddMember(r, "isLessThan", 2, a => a[0] is T, a => CelBool.Of(Cmp<T>(a, "isLessThan") < 0));
        Overloads.AddMember(r, "isGreaterThan", 2, a => a[0] is T, a => CelBool.Of(Cmp<T>(a, "isGreaterThan") > 0));
    }

    private static int Cmp<T>(object[] a, string fn) where T : class, IComparable<T> =>
        a[1] is T other ? ((T)a[0]).CompareTo(other) : throw Errors.NoOverload(fn, a);
}
