namespace Stockade.Cel.Runtime;

/// <summary>
/// Overloads by name, call style and arity; the implementation checks argument types and
/// raises "no such overload" itself. A member call passes its receiver as argument 0.
/// </summary>
internal sealed class FunctionRegistry
{
    private readonly Dictionary<string, Func<object[], object>> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _globals = new(StringComparer.Ordinal);

    /// <summary>The functions of the API server's CEL environment: what policies may call.</summary>
    public static readonly FunctionRegistry Standard = Build(celGoExtensions: false);

    /// <summary>
    /// <see cref="Standard"/> plus the cel-go extensions the API server does not enable (math, encoders),
    /// so the engine is measured against their conformance suites without policies depending on them.
    /// </summary>
    public static readonly FunctionRegistry CelGoExtended = Build(celGoExtensions: true);

    private static FunctionRegistry Build(bool celGoExtensions)
    {
        var r = new FunctionRegistry();
        Stdlib.Register(r);
        StringsExt.Register(r);
        StringFormat.Register(r);
        ListsExt.Register(r);
        Re2.Register(r);
        AuthzExt.Register(r);
        QuantityExt.Register(r);
        UrlsExt.Register(r);
        NetworkExt.Register(r);
        FormatExt.Register(r);
        SemverExt.Register(r);
        SetsExt.Register(r);
        if (celGoExtensions)
        {
            MathExt.Register(r);
            EncodersExt.Register(r);
        }
        return r;
    }

    /// <summary>A copy without the functions of <paramref name="keys"/> (<c>name/arity</c>, <c>.name/arity</c> for members).</summary>
    public FunctionRegistry Without(IEnumerable<string> keys)
    {
        var copy = new FunctionRegistry();
        foreach (var (k, v) in _byKey) copy._byKey[k] = v;
        foreach (var k in keys) copy._byKey.Remove(k);
        foreach (var k in copy._byKey.Keys.Where(k => k[0] != '.')) copy._globals.Add(k[..k.LastIndexOf('/')]);
        return copy;
    }

    public void Global(string name, int arity, Func<object[], object> impl)
    {
        _byKey[$"{name}/{arity}"] = impl;
        _globals.Add(name);
    }

    /// <summary>A global function taking one or more arguments (cel-go's macros such as math.greatest).</summary>
    public void Variadic(string name, Func<object[], object> impl)
    {
        _byKey[$"{name}/*"] = impl;
        _globals.Add(name);
    }

    /// <summary>A member function; <paramref name="arity"/> counts the receiver.</summary>
    public void Member(string name, int arity, Func<object[], object> impl) => _byKey[$".{name}/{arity}"] = impl;

    public void Both(string name, int arity, Func<object[], object> impl)
    {
        Global(name, arity, impl);
        Member(name, arity, impl);
    }

    public bool HasGlobal(string name) => _globals.Contains(name);

    public Func<object[], object>? Resolve(string name, bool member, int arity) =>
        _byKey.GetValueOrDefault(member ? $".{name}/{arity}" : $"{name}/{arity}")
        ?? (member || arity == 0 ? null : _byKey.GetValueOrDefault($"{name}/*"));
}
