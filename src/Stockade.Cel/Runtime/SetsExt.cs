using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// cel-go's sets extension (ext.Sets, in the API server's environment from Kubernetes 1.29): lists
/// compared as sets, element equality as CEL's <c>==</c>.
/// </summary>
internal static class SetsExt
{
    public static void Register(FunctionRegistry r)
    {
        // sets.contains(a, b): every element of b is in a.
        r.Global("sets.contains", 2, a => CelBool.Of(Contains(Lists(a, "sets.contains"))));
        r.Global("sets.equivalent", 2, a =>
        {
            var (x, y) = Lists(a, "sets.equivalent");
            return CelBool.Of(Contains((x, y)) && Contains((y, x)));
        });
        r.Global("sets.intersects", 2, a =>
        {
            var (x, y) = Lists(a, "sets.intersects");
            return CelBool.Of(y.Any(e => x.Any(v => Ops.Equal(v, e))));
        });
    }

    private static bool Contains((IReadOnlyList<object> Set, IReadOnlyList<object> Sub) p) => p.Sub.All(e => p.Set.Any(v => Ops.Equal(v, e)));

    private static (IReadOnlyList<object>, IReadOnlyList<object>) Lists(object[] a, string fn) =>
        a[0] is IReadOnlyList<object> x && a[1] is IReadOnlyList<object> y ? (x, y) : throw Errors.NoOverload(fn, a);
}
