using System.Globalization;
using System.Text;

namespace Stockade.Tests.PodSecurity.Upstream;

/// <summary>A value written in Go source: what the upstream table tests build their pods from.</summary>
public abstract record GoValue;

public sealed record GoString(string Value) : GoValue;

public sealed record GoInt(long Value) : GoValue;

/// <summary>An identifier or selector not yet resolved: <c>nil</c>, <c>true</c>, <c>corev1.Windows</c>, a local variable.</summary>
public sealed record GoName(string Name) : GoValue;

/// <summary><c>&amp;x</c>.</summary>
public sealed record GoAddress(GoValue Value) : GoValue;

/// <summary><c>f(args)</c>, <c>ptr.To[int64](0)</c>, or <c>a + b</c> (Name <c>+</c>).</summary>
public sealed record GoCall(string Name, IReadOnlyList<GoValue> Args) : GoValue;

/// <summary>One element of a composite literal: <c>Key: Value</c>, or a bare value.</summary>
public sealed record GoElement(GoValue? Key, GoValue Value);

/// <summary>A composite literal: <c>corev1.PodSpec{…}</c>, <c>[]corev1.Container{…}</c>, <c>map[string]string{…}</c>, or <c>{…}</c> with its type elided (null).</summary>
public sealed record GoComposite(string? Type, IReadOnlyList<GoElement> Elements) : GoValue
{
    public GoValue? Field(string name) => Elements.FirstOrDefault(e => e.Key is GoName n && n.Name == name)?.Value;
}

/// <summary>A Go token: identifier, punctuation, string or integer literal.</summary>
public readonly record struct GoToken(char Kind, string Text, int Line)
{
    public const char Ident = 'i', String = 's', Int = 'n', Punct = 'p';

    public bool Is(string punct) => Kind == Punct && Text == punct;

    public bool IsIdent(string name) => Kind == Ident && Text == name;
}

/// <summary>
/// Tokenizes Go source and parses the expression subset the upstream <c>policy/*_test.go</c> files
/// write their cases in: composite literals, <c>&amp;</c>, calls, selectors, string concatenation.
/// Anything else is an error naming the line, so a new construct upstream fails loudly.
/// </summary>
public sealed class GoParser(IReadOnlyList<GoToken> tokens, string file)
{
    public int Position { get; set; }

    public static List<GoToken> Tokenize(string source)
    {
        var tokens = new List<GoToken>();
        var line = 1;
        for (var i = 0; i < source.Length;)
        {
            var c = source[i];
            if (c == '\n') { line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                line += source.AsSpan(i, end - i).Count('\n');
                i = end + 2;
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_')) i++;
                tokens.Add(new(GoToken.Ident, source[start..i], line));
                continue;
            }
            if (char.IsDigit(c))
            {
                var start = i;
                while (i < source.Length && char.IsDigit(source[i])) i++;
                tokens.Add(new(GoToken.Int, source[start..i], line));
                continue;
            }
            if (c == '`')
            {
                var end = source.IndexOf('`', i + 1);
                var text = source[(i + 1)..end];
                tokens.Add(new(GoToken.String, text, line));
                line += text.Count(ch => ch == '\n');
                i = end + 1;
                continue;
            }
            if (c == '"')
            {
                var sb = new StringBuilder();
                for (i++; source[i] != '"'; i++)
                {
                    if (source[i] != '\\') { sb.Append(source[i]); continue; }
                    i++;
                    sb.Append(source[i] switch
                    {
                        'n' => '\n',
                        't' => '\t',
                        '"' => '"',
                        '\\' => '\\',
                        _ => throw new FormatException($"line {line}: unsupported Go escape \\{source[i]}"),
                    });
                }
                i++;
                tokens.Add(new(GoToken.String, sb.ToString(), line));
                continue;
            }
            if (c == ':' && i + 1 < source.Length && source[i + 1] == '=')
            {
                tokens.Add(new(GoToken.Punct, ":=", line));
                i += 2;
                continue;
            }
            tokens.Add(new(GoToken.Punct, c.ToString(), line));
            i++;
        }
        return tokens;
    }

    public GoToken Peek(int ahead = 0) => Position + ahead < tokens.Count ? tokens[Position + ahead] : new(GoToken.Punct, "<eof>", -1);

    public GoToken Next() => tokens[Position++];

    public void Expect(string punct)
    {
        var t = Next();
        if (!t.Is(punct)) throw Error(t, $"expected '{punct}', found '{t.Text}'");
    }

    public FormatException Error(GoToken at, string message) => new($"{file}:{at.Line}: {message}");

    /// <summary>Skips a balanced <c>{…}</c>, <c>(…)</c> or <c>[…]</c> starting at the current token.</summary>
    public void SkipBalanced()
    {
        var open = Next().Text;
        var close = open switch { "{" => "}", "(" => ")", "[" => "]", _ => throw new InvalidOperationException(open) };
        for (var depth = 1; depth > 0;)
        {
            var t = Next();
            if (t.Is(open)) depth++;
            else if (t.Is(close)) depth--;
        }
    }

    public GoValue ParseExpression()
    {
        var left = ParseUnary();
        while (Peek().Is("+"))
        {
            Next();
            left = new GoCall("+", [left, ParseUnary()]);
        }
        return left;
    }

    private GoValue ParseUnary()
    {
        if (!Peek().Is("&")) return ParsePrimary();
        Next();
        return new GoAddress(ParseUnary());
    }

    private GoValue ParsePrimary()
    {
        var t = Peek();
        switch (t.Kind)
        {
            case GoToken.String:
                Next();
                return new GoString(t.Text);
            case GoToken.Int:
                Next();
                return new GoInt(long.Parse(t.Text, CultureInfo.InvariantCulture));
        }
        if (t.Is("{")) return ParseComposite(null);
        if (t.Is("[") || t.IsIdent("map")) return ParseComposite(ParseType());
        if (t.Kind != GoToken.Ident) throw Error(t, $"unsupported Go expression at '{t.Text}'");

        var name = QualifiedName();
        if (Peek().Is("[")) SkipBalanced(); // a type argument: ptr.To[int64](0)
        if (Peek().Is("{")) return ParseComposite(name);
        if (!Peek().Is("(")) return new GoName(name);
        Next();
        var args = new List<GoValue>();
        while (!Peek().Is(")"))
        {
            args.Add(ParseExpression());
            if (Peek().Is(",")) Next();
        }
        Next();
        return new GoCall(name, args);
    }

    private string QualifiedName()
    {
        var name = Next().Text;
        while (Peek().Is(".") && Peek(1).Kind == GoToken.Ident)
        {
            Next();
            name += "." + Next().Text;
        }
        return name;
    }

    /// <summary>A type as written: <c>[]corev1.Container</c>, <c>map[string]string</c>, <c>*corev1.Pod</c>.</summary>
    public string ParseType()
    {
        var t = Peek();
        if (t.Is("*")) { Next(); return "*" + ParseType(); }
        if (t.Is("[")) { Next(); Expect("]"); return "[]" + ParseType(); }
        if (t.IsIdent("map"))
        {
            Next();
            Expect("[");
            var key = ParseType();
            Expect("]");
            return $"map[{key}]{ParseType()}";
        }
        if (t.IsIdent("struct"))
        {
            Next();
            SkipBalanced();
            return "struct";
        }
        if (t.Kind == GoToken.Ident) return QualifiedName();
        throw Error(t, $"unsupported Go type at '{t.Text}'");
    }

    private GoComposite ParseComposite(string? type)
    {
        Expect("{");
        var elements = new List<GoElement>();
        while (!Peek().Is("}"))
        {
            var first = ParseExpression();
            if (Peek().Is(":"))
            {
                Next();
                elements.Add(new GoElement(first, ParseExpression()));
            }
            else
            {
                elements.Add(new GoElement(null, first));
            }
            if (Peek().Is(",")) Next();
            else if (!Peek().Is("}")) throw Error(Peek(), $"expected ',' or '}}' in a composite literal, found '{Peek().Text}'");
        }
        Next();
        return new GoComposite(type, elements);
    }
}
