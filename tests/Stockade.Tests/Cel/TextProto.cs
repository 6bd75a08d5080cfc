using System.Globalization;
using System.Text;

namespace Stockade.Tests.Cel;

/// <summary>
/// A protobuf text-format reader, enough for the cel-spec conformance files: fields are kept in
/// order as (name, value) where the value is a scalar token (strings as their raw bytes) or a message.
/// </summary>
internal sealed class TextMessage
{
    public List<(string Name, object Value)> Fields { get; } = new();

    public IEnumerable<TextMessage> Messages(string name) =>
        Fields.Where(f => f.Name == name).Select(f => f.Value).OfType<TextMessage>();
    public TextMessage? Message(string name) => Messages(name).FirstOrDefault();
    public object? Scalar(string name) => Fields.FirstOrDefault(f => f.Name == name).Value;
    public string? String(string name) => Scalar(name) switch
    {
        byte[] b => Encoding.UTF8.GetString(b),
        string s => s,
        _ => null,
    };
    public bool Has(string name) => Fields.Any(f => f.Name == name);

    public static TextMessage Parse(string text)
    {
        var pos = 0;
        var m = ParseFields(text, ref pos, '\0');
        return m;
    }

    private static TextMessage ParseFields(string s, ref int pos, char close)
    {
        var msg = new TextMessage();
        while (true)
        {
            Skip(s, ref pos);
            if (pos >= s.Length)
            {
                if (close != '\0') throw new FormatException("unterminated message");
                return msg;
            }
            if (s[pos] == close) { pos++; return msg; }
            var start = pos;
            while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] is '_' or '.' or '[' or ']' or '/')) pos++;
            var name = s[start..pos];
            if (name.Length == 0) throw new FormatException($"field name expected at {pos}");
            Skip(s, ref pos);
            if (s[pos] == ':') { pos++; Skip(s, ref pos); }
            if (s[pos] == '[')
            {
                pos++;
                while (true)
                {
                    Skip(s, ref pos);
                    if (s[pos] == ']') { pos++; break; }
                    msg.Fields.Add((name, ParseValue(s, ref pos)));
                    Skip(s, ref pos);
                    if (s[pos] == ',') pos++;
                }
            }
            else msg.Fields.Add((name, ParseValue(s, ref pos)));
            Skip(s, ref pos);
            if (pos < s.Length && s[pos] is ',' or ';') pos++;
        }
    }

    private static object ParseValue(string s, ref int pos)
    {
        if (s[pos] is '{' or '<')
        {
            var close = s[pos] == '{' ? '}' : '>';
            pos++;
            return ParseFields(s, ref pos, close);
        }
        if (s[pos] is '"' or '\'')
        {
            var bytes = new List<byte>();
            while (pos < s.Length && s[pos] is '"' or '\'')
            {
                bytes.AddRange(ParseString(s, ref pos));
                Skip(s, ref pos);
            }
            return bytes.ToArray();
        }
        var start = pos;
        while (pos < s.Length && !char.IsWhiteSpace(s[pos]) && s[pos] is not ('}' or '>' or ',' or ';' or ']' or '#')) pos++;
        return s[start..pos];
    }

    private static byte[] ParseString(string s, ref int pos)
    {
        var q = s[pos++];
        var buf = new List<byte>();
        while (s[pos] != q)
        {
            var c = s[pos++];
            if (c != '\\')
            {
                buf.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                if (char.IsHighSurrogate(c)) { buf.RemoveRange(buf.Count - 3, 3); buf.AddRange(Encoding.UTF8.GetBytes(s.Substring(pos - 1, 2))); pos++; }
                continue;
            }
            var e = s[pos++];
            switch (e)
            {
                case 'n': buf.Add(10); break;
                case 't': buf.Add(9); break;
                case 'r': buf.Add(13); break;
                case 'a': buf.Add(7); break;
                case 'b': buf.Add(8); break;
                case 'f': buf.Add(12); break;
                case 'v': buf.Add(11); break;
                case 'x':
                {
                    var st = pos;
                    while (pos < s.Length && pos - st < 2 && char.IsAsciiHexDigit(s[pos])) pos++;
                    buf.Add(byte.Parse(s[st..pos], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    break;
                }
                case 'u' or 'U':
                {
                    var n = e == 'u' ? 4 : 8;
                    var cp = int.Parse(s.AsSpan(pos, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    pos += n;
                    buf.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(cp)));
                    break;
                }
                case >= '0' and <= '7':
                {
                    var v = e - '0';
                    for (var i = 0; i < 2 && pos < s.Length && s[pos] is >= '0' and <= '7'; i++) v = v * 8 + (s[pos++] - '0');
                    buf.Add((byte)v);
                    break;
                }
                default: buf.AddRange(Encoding.UTF8.GetBytes(e.ToString())); break;
            }
        }
        pos++;
        return buf.ToArray();
    }

    private static void Skip(string s, ref int pos)
    {
        while (pos < s.Length)
        {
            if (char.IsWhiteSpace(s[pos])) pos++;
            else if (s[pos] == '#') { while (pos < s.Length && s[pos] != '\n') pos++; }
            else break;
        }
    }
}
