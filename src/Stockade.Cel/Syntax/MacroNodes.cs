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
    public MacroKind Kind { get; } = kind;
    public Node Range { get; } = range;
    public int Slot { get; } = slot;
    public Node Body { get; } = body;

    /// <summary>map(x, filter, transform): the transform (the body is then the filter).</summary>
    public Node? Transform { get; } = transform;

    public override object Eval(Activation a)
    {
        var r = Range.Eval(a);
        IEnumerable<object> items = r switch
        {
            IReadOnlyList<object> l => l,
            CelMap m => m.Keys,
            _ => throw Errors.NoOverload(Kind.ToString().ToLowerInvariant(), r),
        };
        CelEvalException? error = null;
        var count = 0;
        List<object>? output = Kind is MacroKind.Map or MacroKind.MapFilter or MacroKind.Filter ? new List<object>() : null;
        foreach (var item in items)
        {
            a.Charge();
            a.Locals[Slot] = item;
            switch (Kind)
            {
                case MacroKind.All or MacroKind.Exists:
                    if (Quantifier.Decides(Body, a, Kind == MacroKind.All, ref error) is { } decided) return decided;
                    break;
                case MacroKind.ExistsOne:
                    if (Predicate(a)) count++;
                    break;
                case MacroKind.Map:
                    output!.Add(Body.Eval(a));
                    break;
                case MacroKind.MapFilter:
                    if (Predicate(a)) output!.Add(Transform!.Eval(a));
                    break;
                case MacroKind.Filter:
                    if (Predicate(a)) output!.Add(item);
                    break;
            }
        }
        if (error != null) throw error;
        return Kind switch
        {
            MacroKind.All => CelBool.True,
            MacroKind.Exists => CelBool.False,
            MacroKind.ExistsOne => CelBool.Of(count == 1),
            _ => output!,
        };
    }

    private bool Predicate(Activation a)
    {
        var v = Body.Eval(a);
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
    public int Slot { get; } = slot;
    public Node Init { get; } = init;
    public Node Body { get; } = body;

    public override object Eval(Activation a)
    {
        a.Locals[Slot] = Init.Eval(a);
        return Body.Eval(a);
    }
}

/// <summary>`opt.or(other)` and `opt.orValue(v)`: the argument is evaluated only when needed.</summary>
internal sealed class OptionalOrNode(int offset, Node target, Node alternative, bool orValue) : Node(offset)
{
    public Node Target { get; } = target;
    public Node Alternative { get; } = alternative;
    public bool OrValue { get; } = orValue;

    public override object Eval(Activation a)
    {
        var t = Target.Eval(a);
        if (t is not CelOptional o) throw Errors.NoOverload(OrValue ? "orValue" : "or", t);
        if (o.HasValue) return OrValue ? o.Value : o;
        var alt = Alternative.Eval(a);
        if (!OrValue && alt is not CelOptional) throw Errors.NoOverload("or", t, alt);
        return alt;
    }
}

/// <summary>`opt.optMap(x, expr)` and `opt.optFlatMap(x, expr)`.</summary>
internal sealed class OptionalMapNode(int offset, Node target, int slot, Node body, bool flat) : Node(offset)
{
    public Node Target { get; } = target;
    public int Slot { get; } = slot;
    public Node Body { get; } = body;
    public bool Flat { get; } = flat;

    public override object Eval(Activation a)
    {
        var t = Target.Eval(a);
        if (t is not CelOptional o) throw Errors.NoOverload(Flat ? "optFlatMap" : "optMap", t);
        if (!o.HasValue) return CelOptional.None;
        a.Locals[Slot] = o.Value;
        var v = Body.Eval(a);
        if (!Flat) return CelOptional.Of(v);
        return v is CelOptional ? v : throw Errors.NoOverload("optFlatMap", v);
    }
}
