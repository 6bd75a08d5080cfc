namespace Stockade.Cel.Runtime;

/// <summary>
/// Adds an overload to a function name another library already registered (string(ip),
/// compareTo on both Quantity and Semver): the new one answers when <c>applies</c>, else the earlier one.
/// </summary>
internal static class Overloads
{
    public static void AddMember(FunctionRegistry r, string name, int arity, Func<object[], bool> applies, Func<object[], object> impl)
    {
        var previous = r.Resolve(name, member: true, arity);
        r.Member(name, arity, a => applies(a) ? impl(a) : previous != null ? previous(a) : throw Errors.NoOverload(name, a));
    }

    public static void AddGlobal(FunctionRegistry r, string name, int arity, Func<object[], bool> applies, Func<object[], object> impl)
    {
        var previous = r.Resolve(name, member: false, arity);
        r.Global(name, arity, a => applies(a) ? impl(a) : previous != null ? previous(a) : throw Errors.NoOverload(name, a));
    }
}
