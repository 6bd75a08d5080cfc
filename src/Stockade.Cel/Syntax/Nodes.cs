using Stockade.Cel.Runtime;
using Stockade.Cel.Values;

namespace Stockade.Cel.Syntax;

/// <summary>
/// The parsed expression, which is also the program: each node evaluates itself, so an expression
/// is parsed once and evaluated many times with no further lookups by name for locals or functions.
/// </summary>
internal abstract class Node(int offset)
{
    public int Offset { get; } = offset;
    public abstract object Eval(Activation a);
}

internal sealed class LiteralNode(int offset, object value) : Node(offset)
{
    public object Value { get; } = value;
    public override object Eval(Activation a) => Value;
}

/// <summary>A variable or a type name; a dotted name (`a.b.c`) may be one variable.</summary>
internal sealed class IdentNode(int offset, string name) : Node(offset)
{
    public string Name { get; } = name;
    public override object Eval(Activation a)
    {
        if (a.Variables.TryGetValue(Name, out var v)) return v;
        if (CelType.ByName.TryGetValue(Name, out var t)) return t;
        throw new CelEvalException($"undeclared reference to '{Name}'");
    }
}

/// <summary>A comprehension variable, resolved to its slot when parsed.</summary>
internal sealed class LocalNode(int offset, int slot) : Node(offset)
{
    public int Slot { get; } = slot;
    public override object Eval(Activation a) => a.Locals[Slot];
}

/// <summary>`x.f`, `x.?f` (optional) and `has(x.f)` (test only).</summary>
internal sealed class SelectNode(int offset, Node operand, string field, bool optional, bool testOnly) : Node(offset)
{
    public Node Operand { get; } = operand;
    public string Field { get; } = field;
    public bool TestOnly { get; } = testOnly;
    public bool Optional { get; } = optional;

    /// <summary>Set when the operand is an identifier path, so `a.b` can name a variable "a.b".</summary>
    public string? QualifiedName { get; init; }

    public override object Eval(Activation a)
    {
        if (QualifiedName != null && a.Variables.TryGetValue(QualifiedName, out var q) && !TestOnly) return q;
        // A dotted type name (google.protobuf.Timestamp) resolves as a whole, before its first part as a variable.
        if (QualifiedName != null && !TestOnly && CelType.ByName.TryGetValue(QualifiedName, out var type)) return type;
        var target = Operand.Eval(a);
        if (TestOnly)
        {
            // has() on an optional tests the field of its value; an empty optional has no fields.
            if (target is CelOptional t && !(t.HasValue && (target = t.Value) != null)) return CelBool.False;
            return CelBool.Of(Has(target, out _));
        }
        if (Optional || target is CelOptional)
        {
            if (target is CelOptional o)
            {
                if (!o.HasValue) return CelOptional.None;
                target = o.Value;
            }
            return Has(target, out var v) ? CelOptional.Of(v) : CelOptional.None;
        }
        if (target is CelMap m)
        {
            if (m.TryGet(Field, out var v)) return v;
            throw Errors.NoSuchKey(Field);
        }
        throw new CelEvalException($"type '{Errors.TypeName(target)}' does not support field selection");
    }

    private bool Has(object target, out object value)
    {
        if (target is CelMap m) return m.TryGet(Field, out value);
        throw new CelEvalException($"type '{Errors.TypeName(target)}' does not support field selection");
    }
}

/// <summary>`x[i]` and `x[?i]`.</summary>
internal sealed class IndexNode(int offset, Node operand, Node index, bool optional) : Node(offset)
{
    public override object Eval(Activation a)
    {
        var target = Operand.Eval(a);
        var key = Index.Eval(a);
        if (Optional || target is CelOptional)
        {
            if (target is CelOptional o)
            {
                if (!o.HasValue) return CelOptional.None;
                target = o.Value;
            }
            return Ops.TryIndex(target, key, out var v) ? CelOptional.Of(v) : CelOptional.None;
        }
        return Ops.Index(target, key);
    }
    public Node Operand { get; } = operand;
    public Node Index { get; } = index;
    public bool Optional { get; } = optional;
}

internal sealed class CallNode(int offset, string name, Node[] args, Func<object[], object> impl) : Node(offset)
{
    public string Name { get; } = name;

    /// <summary>The arguments; a member call's receiver is the first.</summary>
    public Node[] Args { get; } = args;

    /// <summary>Called as <c>receiver.name(…)</c>.</summary>
    public bool IsMember { get; init; }

    public override object Eval(Activation a)
    {
        a.Charge();
        var values = new object[Args.Length];
        for (var i = 0; i < Args.Length; i++) values[i] = Args[i].Eval(a);
        return impl(values);
    }
}

/// <summary>
/// <c>&amp;&amp;</c> and <c>||</c>: commutative, so the value that decides (<paramref name="decisive"/>:
/// false for and, true for or) on either side wins over an error on the other (langdef "Logical
/// operators"); an error is raised only when neither side decides.
/// </summary>
internal abstract class LogicalNode(int offset, Node left, Node right, bool decisive, string function) : Node(offset)
{
    public Node Left { get; } = left;
    public Node Right { get; } = right;

    public override object Eval(Activation a)
    {
        CelEvalException? error = null;
        try
        {
            var l = Left.Eval(a);
            if (l is bool lb && lb == decisive) return CelBool.Of(decisive);
            if (l is not bool) error = Errors.NoOverload(function, l);
        }
        catch (CelEvalException e) when (e is not CelCostLimitException) { error = e; }
        var r = Right.Eval(a);
        if (r is bool rb && rb == decisive) return CelBool.Of(decisive);
        if (r is not bool) throw Errors.NoOverload(function, r);
        if (error != null) throw error;
        return CelBool.Of(!decisive);
    }
}

internal sealed class AndNode(int offset, Node left, Node right) : LogicalNode(offset, left, right, decisive: false, "_&&_");

internal sealed class OrNode(int offset, Node left, Node right) : LogicalNode(offset, left, right, decisive: true, "_||_");

internal sealed class ConditionalNode(int offset, Node cond, Node then, Node otherwise) : Node(offset)
{
    public Node Condition { get; } = cond;
    public Node Then { get; } = then;
    public Node Otherwise { get; } = otherwise;

    public override object Eval(Activation a) => Condition.Eval(a) switch
    {
        true => Then.Eval(a),
        false => Otherwise.Eval(a),
        var c => throw Errors.NoOverload("_?_:_", c),
    };
}

internal enum BinaryOp { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, In }

internal sealed class BinaryNode(int offset, BinaryOp op, Node left, Node right) : Node(offset)
{
    public BinaryOp Op { get; } = op;
    public Node Left { get; } = left;
    public Node Right { get; } = right;

    public override object Eval(Activation a)
    {
        var l = Left.Eval(a);
        var r = Right.Eval(a);
        return Op switch
        {
            BinaryOp.Add => Ops.Add(l, r),
            BinaryOp.Sub => Ops.Subtract(l, r),
            BinaryOp.Mul => Ops.Multiply(l, r),
            BinaryOp.Div => Ops.Divide(l, r),
            BinaryOp.Mod => Ops.Modulo(l, r),
            BinaryOp.Eq => CelBool.Of(Ops.Equal(l, r)),
            BinaryOp.Ne => CelBool.Of(!Ops.Equal(l, r)),
            BinaryOp.Lt => CelBool.Of(Ops.Compare(l, r, "_<_") is int c && c < 0),
            BinaryOp.Le => CelBool.Of(Ops.Compare(l, r, "_<=_") is int c && c <= 0),
            BinaryOp.Gt => CelBool.Of(Ops.Compare(l, r, "_>_") is int c && c > 0),
            BinaryOp.Ge => CelBool.Of(Ops.Compare(l, r, "_>=_") is int c && c >= 0),
            BinaryOp.In => CelBool.Of(Ops.In(l, r)),
            _ => throw new InvalidOperationException(Op.ToString()),
        };
    }
}

internal sealed class NotNode(int offset, Node operand) : Node(offset)
{
    public Node Operand { get; } = operand;

    public override object Eval(Activation a)
    {
        var v = Operand.Eval(a);
        return v is bool b ? CelBool.Of(!b) : throw Errors.NoOverload("!_", v);
    }
}

internal sealed class NegateNode(int offset, Node operand) : Node(offset)
{
    public Node Operand { get; } = operand;
    public override object Eval(Activation a) => Ops.Negate(Operand.Eval(a));
}

internal sealed class ListNode(int offset, Node[] elements, bool[] optional) : Node(offset)
{
    public Node[] Elements { get; } = elements;
    public bool[] Optional { get; } = optional;

    public override object Eval(Activation a)
    {
        var list = new List<object>(Elements.Length);
        for (var i = 0; i < Elements.Length; i++)
        {
            var v = Elements[i].Eval(a);
            if (Optional[i])
            {
                if (v is not CelOptional o) throw Errors.NoOverload("optional list element", v);
                if (o.HasValue) list.Add(o.Value);
            }
            else list.Add(v);
        }
        return list;
    }
}

internal sealed class MapNode(int offset, Node[] keys, Node[] values, bool[] optional) : Node(offset)
{
    public Node[] Keys { get; } = keys;
    public Node[] Values { get; } = values;
    public bool[] Optional { get; } = optional;

    public override object Eval(Activation a)
    {
        var map = new DictMap(Keys.Length);
        for (var i = 0; i < Keys.Length; i++)
        {
            var k = Keys[i].Eval(a);
            if (k is not (long or ulong or bool or string)) throw new CelEvalException($"unsupported key type: {Errors.TypeName(k)}");
            var v = Values[i].Eval(a);
            if (Optional[i])
            {
                if (v is not CelOptional o) throw Errors.NoOverload("optional map entry", v);
                if (!o.HasValue) continue;
                v = o.Value;
            }
            if (!map.TryAdd(k, v)) throw new CelEvalException($"Failed with repeated key: {k}");
        }
        return map;
    }
}

/// <summary>A message literal `T{f: v}`: Kubernetes CEL has no protobuf messages, so evaluating one is an error.</summary>
internal sealed class MessageNode(int offset, string type) : Node(offset)
{
    public override object Eval(Activation a) => throw new CelEvalException($"unknown type: {type}");
}
