using Stockade.Cel.Syntax;
using Stockade.Cel.Values;

namespace Stockade.Cel.Checking;

/// <summary>A type error, at the line:column (1-based) of the expression it is in, worded as cel-go's checker.</summary>
internal sealed record CelCheckIssue(int Line, int Column, string Message);

/// <summary>The type an expression evaluates to, and its type errors.</summary>
internal sealed record CelCheckResult(CheckType Type, IReadOnlyList<CelCheckIssue> Issues);

/// <summary>
/// A pass over a compiled expression giving each node a type, as cel-go's checker does for the
/// errors it reports: an undefined field of a known object type, a call or operator no overload
/// of which takes the argument types, a field selected on a scalar, a range that is not a list or
/// map. It is sound rather than complete: wherever a type is not known (dyn, a function it does
/// not judge, a null) every use passes, so a well-typed expression never gets an issue.
/// </summary>
internal sealed class CelChecker
{
    private readonly string _source;
    private readonly IReadOnlyDictionary<string, CheckType> _variables;
    private readonly List<CelCheckIssue> _issues = new();
    private readonly Dictionary<int, CheckType> _locals = new();

    private CelChecker(string source, IReadOnlyDictionary<string, CheckType> variables)
    {
        _source = source;
        _variables = variables;
    }

    /// <summary>Checks <paramref name="program"/> with the variables' types (a variable not given is dyn).</summary>
    public static CelCheckResult Check(CelProgram program, IReadOnlyDictionary<string, CheckType> variables)
    {
        var c = new CelChecker(program.Source, variables);
        var type = c.TypeOf(program.Root);
        return new CelCheckResult(type, c._issues);
    }

    private CheckType TypeOf(Node node) => node switch
    {
        LiteralNode l => OfValue(l.Value),
        IdentNode i => _variables.GetValueOrDefault(i.Name) ?? (CelType.ByName.ContainsKey(i.Name) ? CheckType.TypeOfType : CheckType.Dyn),
        LocalNode l => _locals.GetValueOrDefault(l.Slot) ?? CheckType.Dyn,
        SelectNode s => Select(s),
        IndexNode i => Index(i),
        CallNode c => Call(c),
        AndNode a => Logical("_&&_", a, a.Left, a.Right),
        OrNode o => Logical("_||_", o, o.Left, o.Right),
        ConditionalNode c => Conditional(c),
        BinaryNode b => Binary(b),
        NotNode n => Unary("!_", n, TypeOf(n.Operand), t => t.Kind == CheckKind.Bool, CheckType.Bool),
        NegateNode n => Negate(n),
        ListNode l => ListOf(l),
        MapNode m => MapOf(m),
        ComprehensionNode c => Comprehension(c),
        TwoVarComprehensionNode c => TwoVar(c),
        BindNode b => Bind(b),
        OptionalOrNode o => OptionalOr(o),
        OptionalMapNode o => OptionalMap(o),
        _ => CheckType.Dyn,
    };

    private static CheckType OfValue(object v) => v switch
    {
        long => CheckType.Int,
        ulong => CheckType.Uint,
        double => CheckType.Double,
        bool => CheckType.Bool,
        string => CheckType.String,
        CelBytes => CheckType.Bytes,
        CelNull => CheckType.Null,
        IReadOnlyList<object> l => CheckType.List(Join(l.Select(OfValue))),
        _ => CheckType.Dyn,
    };

    /// <summary>The one type of a collection's elements, else dyn (an empty collection's elements are dyn too).</summary>
    private static CheckType Join(IEnumerable<CheckType> types)
    {
        CheckType? joined = null;
        foreach (var t in types)
        {
            if (joined == null) joined = t;
            else if (joined.Name != t.Name) return CheckType.Dyn;
        }
        return joined ?? CheckType.Dyn;
    }

    /// <summary>A type nothing can be judged against: dyn, a type parameter, null.</summary>
    private static bool Open(CheckType t) => t.IsUnknown || t.Kind == CheckKind.Null;

    private CheckType Select(SelectNode s)
    {
        if (s.QualifiedName != null && !s.TestOnly && _variables.TryGetValue(s.QualifiedName, out var variable)) return variable;
        var operand = TypeOf(s.Operand);
        var optional = s.Optional;
        if (operand.Kind == CheckKind.Optional && !s.TestOnly)
        {
            optional = true;
            operand = operand.Element!;
        }
        var field = Field(s, operand);
        if (s.TestOnly) return CheckType.Bool;
        return optional ? CheckType.Optional(field) : field;
    }

    private CheckType Field(SelectNode s, CheckType operand)
    {
        switch (operand.Kind)
        {
            case CheckKind.Object:
                if (operand.Fields.TryGetValue(s.Field, out var f)) return f;
                Issue(s.Offset, $"undefined field '{s.Field}'");
                return CheckType.Dyn;
            case CheckKind.Map:
                return operand.Element!;
            case CheckKind.List or CheckKind.Type or CheckKind.Optional:
            case var k when operand.IsPrimitive:
                Issue(s.Offset, $"type '{operand.Name}' does not support field selection");
                return CheckType.Dyn;
            default:
                return CheckType.Dyn;
        }
    }

    private CheckType Index(IndexNode i)
    {
        var operand = TypeOf(i.Operand);
        var index = TypeOf(i.Index);
        var optional = i.Optional;
        if (operand.Kind == CheckKind.Optional)
        {
            optional = true;
            operand = operand.Element!;
        }
        CheckType element;
        switch (operand.Kind)
        {
            case CheckKind.List:
                element = operand.Element!;
                if (!Open(index) && index.Kind != CheckKind.Int && index.IsPrimitive && !index.IsNumeric) NoOverload(i.Offset, "_[_]", null, operand, index);
                break;
            case CheckKind.Map:
                element = operand.Element!;
                if (Mismatch(operand.Key!, index)) NoOverload(i.Offset, "_[_]", null, operand, index);
                break;
            case var _ when operand.IsPrimitive:
                NoOverload(i.Offset, "_[_]", null, operand, index);
                element = CheckType.Dyn;
                break;
            default:
                element = CheckType.Dyn;
                break;
        }
        return optional ? CheckType.Optional(element) : element;
    }

    /// <summary>Two known scalar types that no CEL overload takes as one (numbers compare across types).</summary>
    private static bool Mismatch(CheckType a, CheckType b) =>
        a.IsPrimitive && b.IsPrimitive && a.Kind != b.Kind && !(a.IsNumeric && b.IsNumeric);

    private CheckType Call(CallNode c)
    {
        var args = c.Args.Select(TypeOf).ToArray();
        var overloads = Signatures.Of(c.Name, c.IsMember, args.Length);
        if (overloads == null) return CheckType.Dyn;
        var results = new List<CheckType>();
        foreach (var o in overloads)
        {
            var bindings = new Dictionary<string, CheckType>(StringComparer.Ordinal);
            var parameters = o.Receiver != null ? o.Parameters.Prepend(o.Receiver).ToArray() : o.Parameters;
            var fits = true;
            for (var i = 0; i < parameters.Length && fits; i++) fits = Fits(parameters[i], args[i], bindings);
            if (fits) results.Add(Substitute(o.Result, bindings));
        }
        if (results.Count == 0)
        {
            var at = c.Offset;
            while (at < _source.Length && _source[at] != '(') at++;
            if (c.IsMember) NoOverload(at, c.Name, args[0], args[1..]);
            else NoOverload(at, c.Name, null, args);
            return CheckType.Dyn;
        }
        return Join(results);
    }

    /// <summary>Whether an argument of type <paramref name="arg"/> may be passed for <paramref name="parameter"/>; unknown types always may.</summary>
    private static bool Fits(CheckType parameter, CheckType arg, Dictionary<string, CheckType> bindings)
    {
        if (Open(arg) || parameter.Kind == CheckKind.Dyn) return true;
        if (parameter.Kind == CheckKind.TypeParam)
        {
            if (parameter.Name == "*") return true;
            if (!bindings.TryGetValue(parameter.Name, out var bound))
            {
                bindings[parameter.Name] = arg;
                return true;
            }
            return !Mismatch(bound, arg);
        }
        if (parameter.Kind != arg.Kind) return false;
        return parameter.Kind switch
        {
            CheckKind.List or CheckKind.Optional => Fits(parameter.Element!, arg.Element!, bindings),
            CheckKind.Map => Fits(parameter.Key!, arg.Key!, bindings) && Fits(parameter.Element!, arg.Element!, bindings),
            CheckKind.Opaque => parameter.Name == arg.Name,
            _ => true,
        };
    }

    private static CheckType Substitute(CheckType t, Dictionary<string, CheckType> bindings) => t.Kind switch
    {
        CheckKind.TypeParam => bindings.GetValueOrDefault(t.Name) ?? CheckType.Dyn,
        CheckKind.List => CheckType.List(Substitute(t.Element!, bindings)),
        CheckKind.Optional => CheckType.Optional(Substitute(t.Element!, bindings)),
        CheckKind.Map => CheckType.Map(Substitute(t.Key!, bindings), Substitute(t.Element!, bindings)),
        _ => t,
    };

    private CheckType Logical(string op, Node at, Node left, Node right)
    {
        var (l, r) = (TypeOf(left), TypeOf(right));
        if (NotBool(l) || NotBool(r)) NoOverload(at.Offset, op, null, l, r);
        return CheckType.Bool;
    }

    /// <summary>A known type that is not bool (null included: no overload of a logical operator takes it).</summary>
    private static bool NotBool(CheckType t) => !t.IsUnknown && t.Kind != CheckKind.Bool;

    private CheckType Conditional(ConditionalNode c)
    {
        var (cond, then, otherwise) = (TypeOf(c.Condition), TypeOf(c.Then), TypeOf(c.Otherwise));
        if (NotBool(cond)) NoOverload(c.Offset, "_?_:_", null, cond, then, otherwise);
        return then.Name == otherwise.Name ? then : CheckType.Dyn;
    }

    private CheckType Unary(string op, Node at, CheckType operand, Func<CheckType, bool> takes, CheckType result)
    {
        if (!operand.IsUnknown && !takes(operand)) NoOverload(at.Offset, op, null, operand);
        return result;
    }

    private CheckType Negate(NegateNode n)
    {
        var t = TypeOf(n.Operand);
        return Unary("-_", n, t, x => x.Kind is CheckKind.Int or CheckKind.Double or CheckKind.Duration, t.IsUnknown ? CheckType.Dyn : t);
    }

    private CheckType Binary(BinaryNode b)
    {
        var (l, r) = (TypeOf(b.Left), TypeOf(b.Right));
        switch (b.Op)
        {
            case BinaryOp.Eq or BinaryOp.Ne:
                if (Incomparable(l, r)) NoOverload(b.Offset, b.Op == BinaryOp.Eq ? "_==_" : "_!=_", null, l, r);
                return CheckType.Bool;
            case BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge:
                if (Incomparable(l, r) || (Orderless(l) && !Open(r)) || (Orderless(r) && !Open(l)))
                    NoOverload(b.Offset, b.Op switch { BinaryOp.Lt => "_<_", BinaryOp.Le => "_<=_", BinaryOp.Gt => "_>_", _ => "_>=_" }, null, l, r);
                return CheckType.Bool;
            case BinaryOp.In:
                return In(b, l, r);
            default:
                return Arithmetic(b, l, r);
        }
    }

    /// <summary>A scalar against a different scalar, or a scalar against a list, map or object: no overload of == or &lt; takes them.</summary>
    private static bool Incomparable(CheckType l, CheckType r)
    {
        if (Open(l) || Open(r)) return false;
        if (Mismatch(l, r)) return true;
        return (l.IsPrimitive && r.Kind is CheckKind.List or CheckKind.Map or CheckKind.Object or CheckKind.Opaque)
            || (r.IsPrimitive && l.Kind is CheckKind.List or CheckKind.Map or CheckKind.Object or CheckKind.Opaque);
    }

    /// <summary>Types no ordering overload takes (ordering is for numbers, strings, bytes, bools, timestamps, durations).</summary>
    private static bool Orderless(CheckType t) => t.Kind is CheckKind.List or CheckKind.Map or CheckKind.Object or CheckKind.Optional;

    private CheckType In(BinaryNode b, CheckType l, CheckType r)
    {
        switch (r.Kind)
        {
            case CheckKind.List when Mismatch(r.Element!, l):
            case CheckKind.Map when Mismatch(r.Key!, l):
            case var _ when r.IsPrimitive && !Open(l):
                NoOverload(b.Offset, "@in", null, l, r);
                break;
        }
        return CheckType.Bool;
    }

    private CheckType Arithmetic(BinaryNode b, CheckType l, CheckType r)
    {
        var name = b.Op switch { BinaryOp.Add => "_+_", BinaryOp.Sub => "_-_", BinaryOp.Mul => "_*_", BinaryOp.Div => "_/_", _ => "_%_" };
        if (Open(l) || Open(r))
        {
            // The other side alone can rule every overload out: no arithmetic takes a bool, a map, an object.
            var known = Open(l) ? r : l;
            if (known.Kind is CheckKind.Bool or CheckKind.Map or CheckKind.Object) NoOverload(b.Offset, name, null, l, r);
            return CheckType.Dyn;
        }
        CheckType? result = (b.Op, l.Kind, r.Kind) switch
        {
            (BinaryOp.Add, CheckKind.Timestamp, CheckKind.Duration) or (BinaryOp.Add, CheckKind.Duration, CheckKind.Timestamp) => CheckType.Timestamp,
            (BinaryOp.Add or BinaryOp.Sub, CheckKind.Duration, CheckKind.Duration) => CheckType.Duration,
            (BinaryOp.Sub, CheckKind.Timestamp, CheckKind.Timestamp) => CheckType.Duration,
            (BinaryOp.Sub, CheckKind.Timestamp, CheckKind.Duration) => CheckType.Timestamp,
            (BinaryOp.Add, CheckKind.String, CheckKind.String) or (BinaryOp.Add, CheckKind.Bytes, CheckKind.Bytes) => l,
            (BinaryOp.Add, CheckKind.List, CheckKind.List) => CheckType.List(Join([l.Element!, r.Element!])),
            (BinaryOp.Mod, CheckKind.Int or CheckKind.Uint, _) when l.Kind == r.Kind => l,
            (not BinaryOp.Mod, CheckKind.Int or CheckKind.Uint or CheckKind.Double, _) when l.Kind == r.Kind => l,
            _ => null,
        };
        if (result != null) return result;
        NoOverload(b.Offset, name, null, l, r);
        return CheckType.Dyn;
    }

    private CheckType ListOf(ListNode l) => CheckType.List(Join(l.Elements.Select((e, i) => Entry(e, l.Optional[i])).ToList()));

    private CheckType MapOf(MapNode m)
    {
        var keys = m.Keys.Select(TypeOf).ToList();
        return CheckType.Map(Join(keys), Join(m.Values.Select((v, i) => Entry(v, m.Optional[i])).ToList()));
    }

    /// <summary>An aggregate literal's entry: an optional entry (<c>[?x]</c>, <c>{?k: v}</c>) holds the optional's value.</summary>
    private CheckType Entry(Node value, bool optional)
    {
        var t = TypeOf(value);
        if (!optional) return t;
        return t.Kind == CheckKind.Optional ? t.Element! : CheckType.Dyn;
    }

    /// <summary>The variable's type over a range: a list's elements, a map's keys; a range of another known type is an error.</summary>
    private (CheckType First, CheckType Element) RangeOf(Node range, Node at, bool twoVariables)
    {
        var r = TypeOf(range);
        switch (r.Kind)
        {
            case CheckKind.List: return (twoVariables ? CheckType.Int : r.Element!, r.Element!);
            case CheckKind.Map: return (r.Key!, r.Element!);
            case var _ when Open(r): return (CheckType.Dyn, CheckType.Dyn);
            default:
                Issue(at.Offset, $"expression of type '{r.Name}' cannot be range of a comprehension (must be list, map, or dynamic)");
                return (CheckType.Dyn, CheckType.Dyn);
        }
    }

    /// <summary>A predicate of a macro must be bool; all/exists expand to @not_strictly_false, the others to a conditional.</summary>
    private void Predicate(Node body, bool quantifier)
    {
        var t = TypeOf(body);
        if (NotBool(t)) NoOverload(body.Offset, quantifier ? "@not_strictly_false" : "_?_:_", null, t);
    }

    private CheckType Comprehension(ComprehensionNode c)
    {
        var (variable, _) = RangeOf(c.Range, c, twoVariables: false);
        _locals[c.Slot] = variable;
        switch (c.Kind)
        {
            case MacroKind.All or MacroKind.Exists:
                Predicate(c.Body, quantifier: true);
                return CheckType.Bool;
            case MacroKind.ExistsOne:
                Predicate(c.Body, quantifier: false);
                return CheckType.Bool;
            case MacroKind.Filter:
                Predicate(c.Body, quantifier: false);
                return CheckType.List(variable);
            case MacroKind.MapFilter:
                Predicate(c.Body, quantifier: false);
                return CheckType.List(TypeOf(c.Transform!));
            default:
                return CheckType.List(TypeOf(c.Body));
        }
    }

    private CheckType TwoVar(TwoVarComprehensionNode c)
    {
        var (first, second) = RangeOf(c.Range, c, twoVariables: true);
        _locals[c.First] = first;
        _locals[c.Second] = second;
        if (c.Filter != null) Predicate(c.Filter, quantifier: false);
        switch (c.Kind)
        {
            case TwoVarKind.All or TwoVarKind.Exists:
                Predicate(c.Body, quantifier: true);
                return CheckType.Bool;
            case TwoVarKind.ExistsOne:
                Predicate(c.Body, quantifier: false);
                return CheckType.Bool;
            case TwoVarKind.TransformList:
                return CheckType.List(TypeOf(c.Body));
            case TwoVarKind.TransformMap:
                return CheckType.Map(first, TypeOf(c.Body));
            default:
                var entries = TypeOf(c.Body);
                return entries.Kind == CheckKind.Map ? entries : CheckType.Map(CheckType.Dyn, CheckType.Dyn);
        }
    }

    private CheckType Bind(BindNode b)
    {
        _locals[b.Slot] = TypeOf(b.Init);
        return TypeOf(b.Body);
    }

    private CheckType OptionalOr(OptionalOrNode o)
    {
        var target = TypeOf(o.Target);
        var alternative = TypeOf(o.Alternative);
        var name = o.OrValue ? "orValue" : "or";
        if (!Open(target) && target.Kind != CheckKind.Optional)
        {
            NoOverload(o.Offset, name, target, alternative);
            return CheckType.Dyn;
        }
        if (target.Kind != CheckKind.Optional) return CheckType.Dyn;
        return o.OrValue ? (target.Element!.Name == alternative.Name ? alternative : CheckType.Dyn) : target;
    }

    private CheckType OptionalMap(OptionalMapNode o)
    {
        var target = TypeOf(o.Target);
        var name = o.Flat ? "optFlatMap" : "optMap";
        if (!Open(target) && target.Kind != CheckKind.Optional) NoOverload(o.Offset, name, target);
        _locals[o.Slot] = target.Kind == CheckKind.Optional ? target.Element! : CheckType.Dyn;
        var body = TypeOf(o.Body);
        if (o.Flat) return body.Kind == CheckKind.Optional ? body : CheckType.Optional(CheckType.Dyn);
        return CheckType.Optional(body);
    }

    private void NoOverload(int offset, string function, CheckType? receiver, params CheckType[] args)
    {
        var list = string.Join(", ", args.Select(a => a.Name));
        Issue(offset, $"found no matching overload for '{function}' applied to '{(receiver != null ? receiver.Name + "." : "")}({list})'");
    }

    private void Issue(int offset, string message)
    {
        int line = 1, column = 1;
        for (var i = 0; i < offset && i < _source.Length; i++)
        {
            if (_source[i] == '\n') { line++; column = 1; } else column++;
        }
        _issues.Add(new CelCheckIssue(line, column, message));
    }
}
