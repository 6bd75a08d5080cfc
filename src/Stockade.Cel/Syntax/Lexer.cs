using System.Globalization;
using System.Text;

namespace Stockade.Cel.Syntax;

internal enum Tk
{
    Eof, Ident, QuotedIdent, Int, Uint, Double, String, Bytes,
    LParen, RParen, LBracket, RBracket, LBrace, RBrace, Dot, Comma, Colon, Question,
    Plus, Minus, Star, Slash, Percent, Not, Lt, Le, Gt, Ge, EqEq, Ne, AndAnd, OrOr,
}

internal readonly record struct Token(Tk Kind, int Offset, string Text, object? Value = null);

/// <summary>CEL's lexical grammar (langdef.md "Syntax"): literals with escapes, raw and triple-quoted strings.</summary>
internal sealed class Lexer(string src)
{
    private int _pos;

    public CelParseException Error(int offset, string message)
    {
        int line = 1, col = 1;
        for (var i = 0; i < offset && i < src.Length; i++)
        {
            if (src[i] == '\n') { line++; col = 1; } else col++;
        }
        return new CelParseException(message, line, col);
    }

    public List<Token> All()
    {
        var list = new List<Token>();
        Token t;
        do { t = Next(); list.Add(t); } while (t.Kind != Tk.Eof);
        return list;
    }

    private Token Next()
    {
        SkipSpace();
        if (_pos >= src.Length) return new Token(Tk.Eof, _pos, "");
        var start = _pos;
        var c = src[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            // String prefixes r, b, rb, br (either case) directly followed by a quote.
            var p = _pos;
            bool raw = false, bytes = false;
            while (p < src.Length && p - _pos < 2 && (src[p] is 'r' or 'R' or 'b' or 'B'))
            {
                if (src[p] is 'r' or 'R') { if (raw) break; raw = true; } else { if (bytes) break; bytes = true; }
                p++;
                if (p < src.Length && src[p] is '"' or '\'')
                {
                    _pos = p;
                    return Quoted(start, raw, bytes);
                }
            }
            while (_pos < src.Length && (char.IsAsciiLetterOrDigit(src[_pos]) || src[_pos] == '_')) _pos++;
            return new Token(Tk.Ident, start, src[start.._pos]);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < src.Length && char.IsAsciiDigit(src[_pos + 1]))) return Number(start);
        if (c is '"' or '\'') return Quoted(start, false, false);
        if (c == '`') return QuotedIdent(start);
        _pos++;
        Tk Two(char second, Tk yes, Tk no)
        {
            if (_pos < src.Length && src[_pos] == second) { _pos++; return yes; }
            return no;
        }
        var kind = c switch
        {
            '(' => Tk.LParen, ')' => Tk.RParen, '[' => Tk.LBracket, ']' => Tk.RBracket,
            '{' => Tk.LBrace, '}' => Tk.RBrace, '.' => Tk.Dot, ',' => Tk.Comma, ':' => Tk.Colon,
            '?' => Tk.Question, '+' => Tk.Plus, '-' => Tk.Minus, '*' => Tk.Star, '/' => Tk.Slash,
            '%' => Tk.Percent,
            '!' => Two('=', Tk.Ne, Tk.Not),
            '<' => Two('=', Tk.Le, Tk.Lt),
            '>' => Two('=', Tk.Ge, Tk.Gt),
            '=' => Two('=', Tk.EqEq, Tk.Eof),
            '&' => Two('&', Tk.AndAnd, Tk.Eof),
            '|' => Two('|', Tk.OrOr, Tk.Eof),
            _ => Tk.Eof,
        };
        if (kind == Tk.Eof) throw Error(start, $"unexpected character '{c}'");
        return new Token(kind, start, src[start.._pos]);
    }

    private void SkipSpace()
    {
        while (_pos < src.Length)
        {
            var c = src[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f') _pos++;
            else if (c == '/' && _pos + 1 < src.Length && src[_pos + 1] == '/')
            {
                while (_pos < src.Length && src[_pos] != '\n') _pos++;
            }
            else break;
        }
    }

    private Token Number(int start)
    {
        if (src[_pos] == '0' && _pos + 1 < src.Length && src[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            var hs = _pos;
            while (_pos < src.Length && char.IsAsciiHexDigit(src[_pos])) _pos++;
            if (hs == _pos) throw Error(start, "malformed hex literal");
            var digits = src[hs.._pos];
            if (_pos < src.Length && src[_pos] is 'u' or 'U')
            {
                _pos++;
                if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u)) throw Error(start, "uint literal out of range");
                return new Token(Tk.Uint, start, src[start.._pos], u);
            }
            if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) || h > (ulong)long.MaxValue + 1)
                throw Error(start, "int literal out of range");
            return new Token(Tk.Int, start, src[start.._pos], h);
        }
        while (_pos < src.Length && char.IsAsciiDigit(src[_pos])) _pos++;
        var isDouble = false;
        if (_pos + 1 < src.Length && src[_pos] == '.' && char.IsAsciiDigit(src[_pos + 1]))
        {
            isDouble = true;
            _pos++;
            while (_pos < src.Length && char.IsAsciiDigit(src[_pos])) _pos++;
        }
        if (_pos < src.Length && src[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < src.Length && src[_pos] is '+' or '-') _pos++;
            if (_pos < src.Length && char.IsAsciiDigit(src[_pos]))
            {
                isDouble = true;
                while (_pos < src.Length && char.IsAsciiDigit(src[_pos])) _pos++;
            }
            else _pos = save;
        }
        var text = src[start.._pos];
        if (isDouble)
            return new Token(Tk.Double, start, text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        if (_pos < src.Length && src[_pos] is 'u' or 'U')
        {
            _pos++;
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u)) throw Error(start, "uint literal out of range");
            return new Token(Tk.Uint, start, src[start.._pos], u);
        }
        // Kept as ulong so that -9223372036854775808 can be negated by the parser.
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > (ulong)long.MaxValue + 1)
            throw Error(start, "int literal out of range");
        return new Token(Tk.Int, start, text, v);
    }

    /// <summary>A backtick-quoted field name (`x.`/api/v1``): letters, digits and `_ . - /` and space, as cel-go allows.</summary>
    private Token QuotedIdent(int start)
    {
        _pos++;
        while (_pos < src.Length && (char.IsAsciiLetterOrDigit(src[_pos]) || src[_pos] is '_' or '.' or '-' or '/' or ' ')) _pos++;
        if (_pos >= src.Length || src[_pos] != '`' || _pos == start + 1) throw Error(start, "invalid quoted field name");
        _pos++;
        return new Token(Tk.QuotedIdent, start, src[(start + 1)..(_pos - 1)]);
    }

    private Token Quoted(int start, bool raw, bool bytes)
    {
        var q = src[_pos];
        var triple = _pos + 2 < src.Length && src[_pos + 1] == q && src[_pos + 2] == q;
        _pos += triple ? 3 : 1;
        var buf = new List<byte>();
        var sb = new StringBuilder();
        void Emit(int codePoint)
        {
            if (bytes) buf.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint)));
            else sb.Append(char.ConvertFromUtf32(codePoint));
        }
        while (true)
        {
            if (_pos >= src.Length) throw Error(start, "unterminated string literal");
            var c = src[_pos];
            if (triple ? (c == q && _pos + 2 < src.Length && src[_pos + 1] == q && src[_pos + 2] == q) : c == q)
            {
                _pos += triple ? 3 : 1;
                break;
            }
            if (!triple && c is '\n' or '\r') throw Error(start, "newline in string literal");
            if (c == '\\' && !raw)
            {
                var escStart = _pos;
                _pos++;
                if (_pos >= src.Length) throw Error(start, "unterminated string literal");
                var e = src[_pos++];
                switch (e)
                {
                    case 'a': Emit(7); break;
                    case 'b': Emit(8); break;
                    case 'f': Emit(12); break;
                    case 'n': Emit(10); break;
                    case 'r': Emit(13); break;
                    case 't': Emit(9); break;
                    case 'v': Emit(11); break;
                    case '\\': Emit('\\'); break;
                    case '\'': Emit('\''); break;
                    case '"': Emit('"'); break;
                    case '`': Emit('`'); break;
                    case '?': Emit('?'); break;
                    case 'x' or 'X':
                    {
                        var v = HexDigits(2, escStart);
                        if (bytes) buf.Add((byte)v); else Emit(v);
                        break;
                    }
                    case 'u': Emit(CheckCodePoint(HexDigits(4, escStart), escStart, bytes)); break;
                    case 'U': Emit(CheckCodePoint(HexDigits(8, escStart), escStart, bytes)); break;
                    case >= '0' and <= '3':
                    {
                        if (_pos + 1 >= src.Length || src[_pos] is < '0' or > '7' || src[_pos + 1] is < '0' or > '7')
                            throw Error(escStart, "invalid octal escape");
                        var v = (e - '0') * 64 + (src[_pos] - '0') * 8 + (src[_pos + 1] - '0');
                        _pos += 2;
                        if (bytes) buf.Add((byte)v); else Emit(v);
                        break;
                    }
                    default: throw Error(escStart, $"invalid escape sequence '\\{e}'");
                }
                continue;
            }
            if (char.IsHighSurrogate(c) && _pos + 1 < src.Length)
            {
                Emit(char.ConvertToUtf32(c, src[_pos + 1]));
                _pos += 2;
                continue;
            }
            Emit(c);
            _pos++;
        }
        var text = src[start.._pos];
        return bytes ? new Token(Tk.Bytes, start, text, buf.ToArray()) : new Token(Tk.String, start, text, sb.ToString());
    }

    private int HexDigits(int n, int escStart)
    {
        if (_pos + n > src.Length) throw Error(escStart, "invalid escape sequence");
        if (!int.TryParse(src.AsSpan(_pos, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            throw Error(escStart, "invalid escape sequence");
        _pos += n;
        return v;
    }

    private int CheckCodePoint(int v, int escStart, bool bytes)
    {
        if (bytes) throw Error(escStart, "unicode escape in bytes literal");
        if (v is < 0 or > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) throw Error(escStart, "invalid unicode code point");
        return v;
    }
}
