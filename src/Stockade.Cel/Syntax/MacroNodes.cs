using Stockade.Cel.Runtime;
using Stockade.Cel.Values;

namespace Stockade.Cel.Syntax;

internal enum MacroKind { All, Exists, ExistsOne, Map, MapFilter, Filter }

/// <summary>
/// The comprehension macros over a list (its elements) or a map (its keys). all/exists keep
/// cel-go's error semantics: a deciding false (all) or true (exists) wins over an error seen
/// on another element; otherwise the first error is the result.
/// </summary>
internal sealed class ComprehensionNode(int offset, MacroKind kind, Node range, int slot, Node body, Node? transform) : Node(offset)
{
    public override object Eval(Activation a)
    {
        var r = range.Eval(a);
        IEnumerable<object> items = r switch
        {
            IReadOnlyList<object> l => l,
            CelMap m => m.Keys,
            _ => throw Errors.NoOverload(kind.ToString().ToLowerInvariant(), r),
        };
        CelEvalException? error = null;
        var count = 0;
        List<object>? output = kind is MacroKind.Map or MacroKind.MapFilter or MacroKind.Filter ? new List<object>() : null;
        foreach (var item in items)
        {
            a.Charge();
            a.Locals[slot] = item;
            switch (kind)
            {
                case MacroKind.All or MacroKind.Exists:
                    if (Quantifier.Decides(body, a, kind == MacroKind.All, ref error) is { } decided) return decided;
                    break;
                case MacroKind.ExistsOne:
                    if (Predicate(a)) count++;
                    break;
                case MacroKind.Map:
                    output!.Add(body.Eval(a));
                    break;
                case MacroKind.MapFilter:
                    if (Predicate(a)) output!.Add(transform!.Eval(a));
                    break;
                case MacroKind.Filter:
                    if (Predicate(a)) output!.Add(item);
                    break;
            }
        }
        if (error != null) throw error;
        return kind switch
        {
            MacroKind.All => CelBool.True,
            MacroKind.Exists => CelBool.False,
            MacroKind.ExistsOne => CelBool.Of(count == 1),
            _ => output!,
        };
    }

    private bool Predicate(Activation a)
    {
        var v = body.Eval(a);
        return v is bool b ? b : throw Errors.NoOverload("predicate", v);
    }
}

/// <summary>One step of all/exists: the result when this element decides it, else null (an error is kept for later).</summary>
internal static class Quantifier
{
    public static object? Decides(Node body, Activation a, bool all, ref CelEvalException? error)
    {
        object v;
        try { v = body.Eval(a); }
        catch (CelEvalException e) when (e is not CelCostLimitException) { error ??= e; return null; }
        if (v is not bool b) { error ??= Errors.NoOverload(all ? "_&&_" : "_||_", v); return null; }
        if (all && !b) return CelBool.False;
        if (!all && b) return CelBool.True;
        return null;
    }
}

/// <summary>`cel.bind(v, init, expr)`: init evaluated once, bound to a slot.</summary>
internal sealed class BindNode(int offset, int slot, Node init, Node body) : Node(offset)
{
    public override object Eval(Activation a)
    {
        a.Locals[slot] = init.Eval(a);
        return body.Eval(a);
    }
}

/// <summary>`opt.or(other)` and `opt.orValue(v)`: the argument is evaluated only when needed.</summary>
internal sealed class OptionalOrNode(int offset, Node target, Node alternative, bool orValue) : Node(offset)
{
    public override object Eval(Activation a)
    {
        var t = target.Eval(a);
        if (t is not CelOptional o) throw Errors.NoOverload(orValue ? "orValue" : "or", t);
        if (o.HasValue) return orValue ? o.Value : o;
        var alt = alternative.Eval(a);
        if (!orValue && alt is not CelOptional) throw Errors.NoOverload("or", t, alt);
        return alt;
    }
}

/// <summary>`opt.optMap(x, expr)` and `opt.optFlatMap(x, expr)`.</summary>
internal sealed class OptionalMapNode(int offset, Node target, int slot, Node body, bool flat) : Node(offset)
{
    public override object Eval(Activation a)
    {
        var t = target.Eval(a);
        if (t is not CelOptional o) throw Errors.NoOverload(flat ? "optFlatMap" : "optMap", t);
        if (!o.HasValue) return CelOptional.None;
        a.Locals[slot] = o.Value;
        var v = body.Eval(a);
        if (!flat) return CelOptional.Of(v);
        return v is CelOptional ? v : throw Errors.NoOverload("optFlatMap", v);
    }
}
