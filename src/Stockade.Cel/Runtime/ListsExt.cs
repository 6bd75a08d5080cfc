using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// Kubernetes' list library (isSorted, sum, min, max, indexOf, lastIndexOf) and cel-go's lists
/// extension as the API server enables it from 1.34 (<c>ext.Lists(ext.ListsVersion(3))</c>): slice,
/// flatten, distinct, reverse, sort, sortBy (a macro over <c>@sortByAssociatedKeys</c>), lists.range.
/// </summary>
internal static class ListsExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Member("isSorted", 1, a =>
        {
            var l = List(a, "isSorted");
            for (var i = 1; i < l.Count; i++)
                if (Ops.Compare(l[i - 1], l[i], "isSorted") is not int c || c > 0) return CelBool.False;
            return CelBool.True;
        });
        r.Member("sum", 1, a =>
        {
            var l = List(a, "sum");
            if (l.Count == 0) return 0L;
            var acc = l[0];
            for (var i = 1; i < l.Count; i++) acc = Ops.Add(acc, l[i]);
            return acc is long or ulong or double or CelDuration ? acc : throw Errors.NoOverload("sum", a);
        });
        r.Member("min", 1, a => Extreme(a, "min", -1));
        r.Member("max", 1, a => Extreme(a, "max", 1));
        r.Member("slice", 3, a =>
        {
            var l = List(a, "slice");
            var (from, to) = (StringsExt.L(a, 1, "slice"), StringsExt.L(a, 2, "slice"));
            if (from < 0 || to < 0) throw new CelEvalException($"cannot slice({from}, {to}), negative indexes not supported");
            if (from > to) throw new CelEvalException($"cannot slice({from}, {to}), start index must be less than or equal to end index");
            if (to > l.Count) throw new CelEvalException($"cannot slice({from}, {to}), list is length {l.Count}");
            return l.Skip((int)from).Take((int)(to - from)).ToList();
        });
        r.Member("distinct", 1, a =>
        {
            var result = new List<object>();
            foreach (var v in List(a, "distinct"))
                if (!result.Any(x => Ops.Equal(x, v))) result.Add(v);
            return result;
        });
        r.Member("sort", 1, a => SortByKeys(List(a, "sort"), List(a, "sort")));
        r.Member(SortByKeysFunction, 2, a => SortByKeys(List(a, SortByKeysFunction), a[1] as IReadOnlyList<object> ?? throw Errors.NoOverload(SortByKeysFunction, a)));
        r.Global("lists.range", 1, a =>
        {
            var n = StringsExt.L(a, 0, "lists.range");
            var result = new List<object>();
            for (var i = 0L; i < n; i++) result.Add(i);
            return result;
        });
        r.Member("flatten", 1, a => Flatten(List(a, "flatten"), 1));
        r.Member("flatten", 2, a =>
        {
            var depth = StringsExt.L(a, 1, "flatten");
            if (depth < 0) throw new CelEvalException("level must be non-negative");
            return Flatten(List(a, "flatten"), depth);
        });
    }

    /// <summary>The function cel-go's sortBy macro calls: <c>list.@sortByAssociatedKeys(list.map(v, key))</c>.</summary>
    public const string SortByKeysFunction = "@sortByAssociatedKeys";

    // cel-go's sortListByAssociatedKeys: keys of one comparable type (int, uint, double, bool,
    // duration, timestamp, string, bytes), the same type throughout (1 and 1.0 are not).
    private static List<object> SortByKeys(IReadOnlyList<object> list, IReadOnlyList<object> keys)
    {
        if (list.Count != keys.Count)
            throw new CelEvalException($"@sortByAssociatedKeys() expected a list of the same size as the associated keys list, but got {list.Count} and {keys.Count} elements respectively");
        if (list.Count == 0) return [];
        var type = keys[0].GetType();
        if (keys[0] is not (long or ulong or double or bool or string or CelBytes or CelDuration or CelTimestamp))
            throw new CelEvalException("list elements must be comparable");
        foreach (var k in keys)
            if (k.GetType() != type) throw new CelEvalException("list elements must have the same type");
        var order = Enumerable.Range(0, list.Count).ToArray();
        // NaN compares as neither less nor greater, as in cel-go's Compare.
        Array.Sort(order, (i, j) => Ops.Compare(keys[i], keys[j], "sort") ?? 0);
        return order.Select(i => list[i]).ToList();
    }

    private static IReadOnlyList<object> List(object[] a, string fn) => a[0] as IReadOnlyList<object> ?? throw Errors.NoOverload(fn, a);

    private static object Extreme(object[] a, string fn, int sign)
    {
        var l = List(a, fn);
        if (l.Count == 0) throw new CelEvalException($"{fn} called on empty list");
        var best = l[0];
        for (var i = 1; i < l.Count; i++)
            if (Ops.Compare(l[i], best, fn) is int c && Math.Sign(c) == sign) best = l[i];
        return best;
    }

    public static object IndexOf(object[] a, bool last)
    {
        var l = List(a, last ? "lastIndexOf" : "indexOf");
        if (last)
        {
            for (var i = l.Count - 1; i >= 0; i--) if (Ops.Equal(l[i], a[1])) return (long)i;
        }
        else
        {
            for (var i = 0; i < l.Count; i++) if (Ops.Equal(l[i], a[1])) return (long)i;
        }
        return -1L;
    }

    /// <summary>cel-go's lists <c>reverse</c>, for an environment without strings' <c>reverse</c> (the API server's).</summary>
    public static object ReverseList(object[] a) => Reverse(List(a, "reverse"));

    public static object Reverse(object v)
    {
        if (v is not IReadOnlyList<object> l) throw Errors.NoOverload("reverse", v);
        var result = l.ToList();
        result.Reverse();
        return result;
    }

    private static List<object> Flatten(IReadOnlyList<object> l, long depth)
    {
        var result = new List<object>();
        foreach (var v in l)
        {
            if (depth > 0 && v is IReadOnlyList<object> inner) result.AddRange(Flatten(inner, depth - 1));
            else result.Add(v);
        }
        return result;
    }
}
