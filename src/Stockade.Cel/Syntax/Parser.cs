using Stockade.Cel.Runtime;
using Stockade.Cel.Values;

namespace Stockade.Cel.Syntax;

/// <summary>
/// Recursive descent over CEL's grammar (langdef.md "Syntax"), with macros expanded and calls
/// bound to their overloads as they are parsed, so an unknown function is a compile error with a position.
/// </summary>
internal sealed class Parser
{
    private const int MaxDepth = 250;
    private readonly Lexer _lexer;
    private readonly List<Token> _tokens;
    private readonly FunctionRegistry _functions;
    private readonly CelEnvironment _env;
    private readonly List<string> _scope = new();
    private int _pos, _depth;

    public int Slots { get; private set; }

    private readonly bool _check;

    public Parser(string source, CelEnvironment env, bool check)
    {
        _check = check;
        _lexer = new Lexer(source);
        _tokens = _lexer.All();
        _env = env;
        _functions = env.Functions;
    }

    /// <summary>Optional syntax (<c>.?</c>, <c>[?</c>, <c>[?e]</c>, <c>{?k: v}</c>) is cel-go's OptionalTypes: a parse error without it.</summary>
    private void RequireOptionalSyntax(Token at, string syntax)
    {
        if (!_env.OptionalTypes) throw Err(at, $"unsupported syntax '{syntax}'");
    }

    public Node ParseAll()
    {
        var e = Expr();
        if (Peek.Kind != Tk.Eof) throw Err(Peek, $"unexpected '{Peek.Text}'");
        return e;
    }

    private Token Peek => _tokens[_pos];
    private Token Advance() => _tokens[_pos++];
    private bool Accept(Tk kind)
    {
        if (Peek.Kind != kind) return false;
        _pos++;
        return true;
    }
    private Token Expect(Tk kind, string what)
    {
        if (Peek.Kind != kind) throw Err(Peek, Peek.Kind == Tk.Eof ? $"expected {what} at end of input" : $"expected {what}, found '{Peek.Text}'");
        return Advance();
    }
    private CelParseException Err(Token t, string message) => _lexer.Error(t.Offset, message);

    private Node Expr()
    {
        if (++_depth > MaxDepth) throw Err(Peek, "expression nested too deeply");
        try
        {
            var cond = Or();
            if (Peek.Kind != Tk.Question) return cond;
            var q = Advance();
            var then = Or();
            Expect(Tk.Colon, "':'");
            var otherwise = Expr();
            return new ConditionalNode(q.Offset, cond, then, otherwise);
        }
        finally { _depth--; }
    }

    private Node Or()
    {
        var left = And();
        while (Peek.Kind == Tk.OrOr)
        {
            var t = Advance();
            left = new OrNode(t.Offset, left, And());
        }
        return left;
    }

    private Node And()
    {
        var left = Relation();
        while (Peek.Kind == Tk.AndAnd)
        {
            var t = Advance();
            left = new AndNode(t.Offset, left, Relation());
        }
        return left;
    }

    private Node Relation()
    {
        var left = Addition();
        while (true)
        {
            BinaryOp? op = Peek.Kind switch
            {
                Tk.Lt => BinaryOp.Lt, Tk.Le => BinaryOp.Le, Tk.Gt => BinaryOp.Gt, Tk.Ge => BinaryOp.Ge,
                Tk.EqEq => BinaryOp.Eq, Tk.Ne => BinaryOp.Ne,
                Tk.Ident when Peek.Text == "in" => BinaryOp.In,
                _ => null,
            };
            if (op == null) return left;
            var t = Advance();
            left = new BinaryNode(t.Offset, op.Value, left, Addition());
        }
    }

    private Node Addition()
    {
        var left = Multiplication();
        while (Peek.Kind is Tk.Plus or Tk.Minus)
        {
            var t = Advance();
            left = new BinaryNode(t.Offset, t.Kind == Tk.Plus ? BinaryOp.Add : BinaryOp.Sub, left, Multiplication());
        }
        return left;
    }

    private Node Multiplication()
    {
        var left = Unary();
        while (Peek.Kind is Tk.Star or Tk.Slash or Tk.Percent)
        {
            var t = Advance();
            var op = t.Kind switch { Tk.Star => BinaryOp.Mul, Tk.Slash => BinaryOp.Div, _ => BinaryOp.Mod };
            left = new BinaryNode(t.Offset, op, left, Unary());
        }
        return left;
    }

    private Node Unary()
    {
        if (Peek.Kind == Tk.Not)
        {
            var t = Advance();
            return new NotNode(t.Offset, Unary());
        }
        if (Peek.Kind == Tk.Minus)
        {
            var t = Advance();
            // A negative literal is a literal: -9223372036854775808 is in range.
            if (Peek.Kind is Tk.Int && Peek.Value is ulong u)
            {
                var lit = Advance();
                var node = Member(new LiteralNode(lit.Offset, u == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)u), lit);
                return node;
            }
            if (Peek.Kind is Tk.Double)
            {
                var lit = Advance();
                return Member(new LiteralNode(lit.Offset, -(double)lit.Value!), lit);
            }
            return new NegateNode(t.Offset, Unary());
        }
        return Member(Primary(), Peek);
    }

    private Node Member(Node node, Token start)
    {
        while (true)
        {
            if (Peek.Kind == Tk.Dot)
            {
                var dot = Advance();
                var optional = Accept(Tk.Question);
                if (optional) RequireOptionalSyntax(dot, ".?");
                if (Peek.Kind == Tk.QuotedIdent)
                {
                    // A quoted name is always a field: never a function, never part of a dotted variable name.
                    var quoted = Advance();
                    node = new SelectNode(dot.Offset, node, quoted.Text, optional, testOnly: false);
                    continue;
                }
                var name = Expect(Tk.Ident, "field name");
                if (!optional && Peek.Kind == Tk.LParen)
                {
                    Advance();
                    node = MemberCall(node, name);
                    continue;
                }
                var qualified = QualifiedName(node, name.Text);
                // A dotted type name (net.IP, google.protobuf.Timestamp) is one identifier.
                node = !optional && qualified != null && CelType.ByName.ContainsKey(qualified) && _scope.IndexOf(qualified.Split('.')[0]) < 0
                    ? new IdentNode(name.Offset, qualified)
                    : new SelectNode(dot.Offset, node, name.Text, optional, testOnly: false) { QualifiedName = qualified };
                continue;
            }
            if (Peek.Kind == Tk.LBracket)
            {
                var br = Advance();
                var optional = Accept(Tk.Question);
                if (optional) RequireOptionalSyntax(br, "[?");
                var index = Expr();
                Expect(Tk.RBracket, "']'");
                node = new IndexNode(br.Offset, node, index, optional);
                continue;
            }
            return node;
        }
    }

    private static string? QualifiedName(Node operand, string field) => operand switch
    {
        IdentNode i => i.Name + "." + field,
        SelectNode { QualifiedName: { } q } => q + "." + field,
        _ => null,
    };

    private Node Primary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case Tk.Int:
                Advance();
                if ((ulong)t.Value! > long.MaxValue) throw Err(t, "int literal out of range");
                return new LiteralNode(t.Offset, (long)(ulong)t.Value!);
            case Tk.Uint: Advance(); return new LiteralNode(t.Offset, t.Value!);
            case Tk.Double: Advance(); return new LiteralNode(t.Offset, t.Value!);
            case Tk.String: Advance(); return new LiteralNode(t.Offset, t.Value!);
            case Tk.Bytes: Advance(); return new LiteralNode(t.Offset, new CelBytes((byte[])t.Value!));
            case Tk.LParen:
            {
                Advance();
                var e = Expr();
                Expect(Tk.RParen, "')'");
                return e;
            }
            case Tk.LBracket: Advance(); return ListLiteral(t);
            case Tk.LBrace: Advance(); return MapLiteral(t);
            case Tk.Dot:
            {
                Advance();
                var id = Expect(Tk.Ident, "identifier");
                return Identifier(id, leadingDot: true);
            }
            case Tk.Ident: Advance(); return Identifier(t, leadingDot: false);
            case Tk.Eof: throw Err(t, "unexpected end of expression");
            default: throw Err(t, $"unexpected '{t.Text}'");
        }
    }

    private static readonly HashSet<string> Reserved = new()
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while", "in",
    };

    private Node Identifier(Token id, bool leadingDot)
    {
        switch (id.Text)
        {
            case "true": return new LiteralNode(id.Offset, CelBool.True);
            case "false": return new LiteralNode(id.Offset, CelBool.False);
            case "null": return new LiteralNode(id.Offset, CelNull.Value);
        }
        if (Reserved.Contains(id.Text)) throw Err(id, $"reserved identifier '{id.Text}'");
        if (Peek.Kind == Tk.LParen)
        {
            Advance();
            return GlobalCall(id);
        }
        if (Peek.Kind == Tk.LBrace && !leadingDot && IsMessageStart())
            return MessageLiteral(id.Text, id);
        if (!leadingDot)
        {
            var slot = _scope.LastIndexOf(id.Text);
            if (slot >= 0) return new LocalNode(id.Offset, slot);
        }
        return new IdentNode(id.Offset, id.Text);
    }

    // `T{` starts a message only when followed by `}` or `field:`; otherwise `{` is not valid after an identifier anyway.
    private bool IsMessageStart() => _tokens[_pos + 1].Kind == Tk.RBrace || (_tokens[_pos + 1].Kind == Tk.Ident && _tokens[_pos + 2].Kind == Tk.Colon);

    private Node MessageLiteral(string type, Token start)
    {
        Expect(Tk.LBrace, "'{'");
        while (Peek.Kind != Tk.RBrace)
        {
            Accept(Tk.Question);
            Expect(Tk.Ident, "field name");
            Expect(Tk.Colon, "':'");
            Expr();
            if (!Accept(Tk.Comma)) break;
        }
        Expect(Tk.RBrace, "'}'");
        return new MessageNode(start.Offset, type);
    }

    private Node ListLiteral(Token start)
    {
        var elems = new List<Node>();
        var opts = new List<bool>();
        while (Peek.Kind != Tk.RBracket)
        {
            if (Peek.Kind == Tk.Question) RequireOptionalSyntax(Peek, "?");
            opts.Add(Accept(Tk.Question));
            elems.Add(Expr());
            if (!Accept(Tk.Comma)) break;
        }
        Expect(Tk.RBracket, "']'");
        if (!opts.Contains(true) && elems.All(e => e is LiteralNode))
            return new LiteralNode(start.Offset, elems.Select(e => ((LiteralNode)e).Value).ToList());
        return new ListNode(start.Offset, elems.ToArray(), opts.ToArray());
    }

    private Node MapLiteral(Token start)
    {
        var keys = new List<Node>();
        var values = new List<Node>();
        var opts = new List<bool>();
        while (Peek.Kind != Tk.RBrace)
        {
            if (Peek.Kind == Tk.Question) RequireOptionalSyntax(Peek, "?");
            opts.Add(Accept(Tk.Question));
            keys.Add(Expr());
            Expect(Tk.Colon, "':'");
            values.Add(Expr());
            if (!Accept(Tk.Comma)) break;
        }
        Expect(Tk.RBrace, "'}'");
        return new MapNode(start.Offset, keys.ToArray(), values.ToArray(), opts.ToArray());
    }

    private List<Node> Arguments()
    {
        var args = new List<Node>();
        while (Peek.Kind != Tk.RParen)
        {
            args.Add(Expr());
            if (!Accept(Tk.Comma)) break;
        }
        Expect(Tk.RParen, "')'");
        return args;
    }

    private Node GlobalCall(Token id)
    {
        if (id.Text == "has")
        {
            var args = Arguments();
            if (args.Count != 1 || args[0] is not SelectNode s || s.TestOnly)
                throw Err(id, "invalid argument to has() macro");
            return new SelectNode(s.Offset, s.Operand, s.Field, optional: false, testOnly: true);
        }
        return Bind(id, id.Text, null, Arguments());
    }

    private Node MemberCall(Node target, Token name)
    {
        // Namespaced functions (optional.of, cel.bind, strings.quote, math.greatest) are global calls.
        if (QualifiedName(target, "")?.TrimEnd('.') is { } ns && _scope.IndexOf(ns) < 0)
        {
            var full = ns + "." + name.Text;
            if (full == "cel.bind" && _env.Bindings) return CelBind(name);
            if (_functions.HasGlobal(full)) return Bind(name, full, null, Arguments());
        }
        switch (name.Text)
        {
            case "all" or "exists" when IsTwoVariableForm():
                // Without the two-variable macros a three-argument all() is a call of an undeclared function.
                if (!_env.TwoVariableComprehensions) break;
                return TwoVarComprehension(target, name);
            case "existsOne" or "transformList" or "transformMap" or "transformMapEntry" when _env.TwoVariableComprehensions:
                return TwoVarComprehension(target, name);
            case "all" or "exists" or "exists_one" or "map" or "filter":
                return Comprehension(target, name);
            case "sortBy" when _functions.Resolve(ListsExt.SortByKeysFunction, true, 2) != null:
                return SortBy(target, name);
            case "or" or "orValue" or "optMap" or "optFlatMap" when !_env.OptionalTypes:
                break;
            case "or" or "orValue":
            {
                var args = Arguments();
                if (args.Count != 1) throw Err(name, $"{name.Text}() takes one argument");
                return new OptionalOrNode(name.Offset, target, args[0], name.Text == "orValue");
            }
            case "optMap" or "optFlatMap":
            {
                var (slot, body) = ScopedBody(name, 1);
                return new OptionalMapNode(name.Offset, target, slot, body, name.Text == "optFlatMap");
            }
        }
        return Bind(name, name.Text, target, Arguments());
    }

    private Node CelBind(Token name)
    {
        var (slot, init, body) = ScopedWithInit(name);
        return new BindNode(name.Offset, slot, init, body);
    }

    private (int Slot, Node Init, Node Body) ScopedWithInit(Token name)
    {
        var v = Expect(Tk.Ident, "variable name");
        Expect(Tk.Comma, "','");
        var init = Expr();
        Expect(Tk.Comma, "','");
        var slot = Push(v.Text);
        var body = Expr();
        _scope.RemoveAt(_scope.Count - 1);
        Expect(Tk.RParen, "')'");
        return (slot, init, body);
    }

    private (int Slot, Node Body) ScopedBody(Token name, int bodies)
    {
        var v = Peek;
        if (v.Kind != Tk.Ident) throw Err(v, $"{name.Text}() variable name must be a simple identifier");
        Advance();
        Expect(Tk.Comma, "','");
        var slot = Push(v.Text);
        var body = Expr();
        _scope.RemoveAt(_scope.Count - 1);
        Expect(Tk.RParen, "')'");
        return (slot, body);
    }

    private int Push(string name)
    {
        _scope.Add(name);
        Slots = Math.Max(Slots, _scope.Count);
        return _scope.Count - 1;
    }

    private Node Comprehension(Node range, Token name)
    {
        var v = Peek;
        if (v.Kind != Tk.Ident || _tokens[_pos + 1].Kind != Tk.Comma)
            throw Err(v, $"{name.Text}() variable name must be a simple identifier");
        Advance();
        Advance();
        var slot = Push(v.Text);
        var body = Expr();
        Node? transform = null;
        if (name.Text == "map" && Accept(Tk.Comma)) transform = Expr();
        _scope.RemoveAt(_scope.Count - 1);
        Expect(Tk.RParen, "')'");
        var kind = name.Text switch
        {
            "all" => MacroKind.All,
            "exists" => MacroKind.Exists,
            "exists_one" => MacroKind.ExistsOne,
            "filter" => MacroKind.Filter,
            _ => transform != null ? MacroKind.MapFilter : MacroKind.Map,
        };
        return new ComprehensionNode(name.Offset, kind, range, slot, body, transform);
    }

    // cel-go's sortByMacro: list.sortBy(v, key) is the list bound once, then
    // input.@sortByAssociatedKeys(input.map(v, key)).
    private Node SortBy(Node target, Token name)
    {
        var input = Push("@__sortBy_input__");
        var v = Peek;
        if (v.Kind != Tk.Ident || _tokens[_pos + 1].Kind != Tk.Comma)
            throw Err(v, "sortBy() variable name must be a simple identifier");
        Advance();
        Advance();
        var slot = Push(v.Text);
        var key = Expr();
        _scope.RemoveAt(_scope.Count - 1);
        _scope.RemoveAt(_scope.Count - 1);
        Expect(Tk.RParen, "')'");
        var keys = new ComprehensionNode(name.Offset, MacroKind.Map, new LocalNode(name.Offset, input), slot, key, null);
        return new BindNode(name.Offset, input, target, Bind(name, ListsExt.SortByKeysFunction, new LocalNode(name.Offset, input), [keys]));
    }

    private bool IsTwoVariableForm() =>
        _pos + 3 < _tokens.Count && Peek.Kind == Tk.Ident && _tokens[_pos + 1].Kind == Tk.Comma
        && _tokens[_pos + 2].Kind == Tk.Ident && _tokens[_pos + 3].Kind == Tk.Comma;

    /// <summary>`range.all(i, v, p)`, `existsOne`, `transformList(i, v, [filter,] body)`, `transformMap`, `transformMapEntry`.</summary>
    private Node TwoVarComprehension(Node range, Token name)
    {
        if (!IsTwoVariableForm()) throw Err(Peek, $"{name.Text}() variable names must be simple identifiers");
        var firstName = Advance();
        Advance();
        var secondName = Advance();
        Advance();
        if (firstName.Text == secondName.Text) throw Err(secondName, $"{name.Text}() second variable name must be different from the first");
        var first = Push(firstName.Text);
        var second = Push(secondName.Text);
        var body = Expr();
        Node? filter = null;
        var transform = name.Text.StartsWith("transform", StringComparison.Ordinal);
        if (transform && Accept(Tk.Comma))
        {
            filter = body;
            body = Expr();
        }
        _scope.RemoveRange(_scope.Count - 2, 2);
        Expect(Tk.RParen, "')'");
        var kind = name.Text switch
        {
            "all" => TwoVarKind.All,
            "exists" => TwoVarKind.Exists,
            "existsOne" => TwoVarKind.ExistsOne,
            "transformList" => TwoVarKind.TransformList,
            "transformMap" => TwoVarKind.TransformMap,
            _ => TwoVarKind.TransformMapEntry,
        };
        return new TwoVarComprehensionNode(name.Offset, kind, name.Text, range, first, second, filter, body);
    }

    private Node Bind(Token at, string function, Node? target, List<Node> args)
    {
        var all = target == null ? args : args.Prepend(target).ToList();
        var impl = _functions.Resolve(function, target != null, all.Count);
        if (impl == null)
        {
            var message = target == null
                ? $"undeclared reference to '{function}' (taking {args.Count} arguments)"
                : $"undeclared reference to '{function}' (member taking {args.Count} arguments)";
            if (_check) throw Err(at, message);
            // Unchecked (as cel-go without its checker): an unknown function is an error only when reached.
            impl = _ => throw new CelEvalException("unbound function: " + message);
        }
        return new CallNode(at.Offset, function, all.ToArray(), impl) { IsMember = target != null };
    }
}
