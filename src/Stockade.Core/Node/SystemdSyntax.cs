using System.Text;

namespace Stockade.Node;

/// <summary>
/// The syntax systemd reads a unit file and an <c>EnvironmentFile=</c> with (systemd.syntax(7),
/// systemd.exec(5)): logical lines with <c>\</c> continuations, <c>#</c>/<c>;</c> comments,
/// <c>[Section]</c> headers, words split at whitespace with <c>"…"</c>/<c>'…'</c> quotes and
/// backslash escapes. Every character keeps its place, so a kubelet flag found in them is reported where it was written.
/// </summary>
internal static class SystemdSyntax
{
    /// <summary>A unit file's <c>Key=Value</c> assignments, with their section.</summary>
    public sealed record Assignment(string Section, string Key, SpottedText Value, NodeSpot Spot);

    public static List<Assignment> Assignments(string path, string text)
    {
        var result = new List<Assignment>();
        var section = "";
        foreach (var line in LogicalLines(path, text))
        {
            var t = line.Text;
            var start = 0;
            while (start < t.Length && char.IsWhiteSpace(t[start])) start++;
            if (start == t.Length || t[start] is '#' or ';') continue;
            if (t[start] == '[')
            {
                var close = t.IndexOf(']', start);
                section = close > start ? t[(start + 1)..close] : t[(start + 1)..];
                continue;
            }
            var eq = t.IndexOf('=', start);
            if (eq < 0) continue; // systemd ignores a line without '=' (with a warning)
            var key = t[start..eq].Trim();
            var from = eq + 1;
            while (from < t.Length && char.IsWhiteSpace(t[from])) from++;
            var to = t.Length;
            while (to > from && char.IsWhiteSpace(t[to - 1])) to--;
            result.Add(new Assignment(section, key, Slice(line, from, to), line.SpotAt(start, new NodeSpot(path, 1, 1))));
        }
        return result;
    }

    /// <summary>
    /// An environment file's variables (systemd's parse_env_file): <c>KEY=VALUE</c> lines, an optional
    /// <c>export </c>, quoted or unquoted values, comments; a later assignment of a name wins.
    /// </summary>
    public static Dictionary<string, SpottedText> EnvironmentFile(string path, string text)
    {
        var vars = new Dictionary<string, SpottedText>(StringComparer.Ordinal);
        foreach (var line in LogicalLines(path, text))
        {
            var t = line.Text;
            var start = 0;
            while (start < t.Length && char.IsWhiteSpace(t[start])) start++;
            if (start == t.Length || t[start] is '#' or ';') continue;
            if (t.AsSpan(start).StartsWith("export ", StringComparison.Ordinal)) start += "export ".Length;
            var eq = t.IndexOf('=', start);
            if (eq < 0) continue;
            var key = t[start..eq].Trim();
            var from = eq + 1;
            while (from < t.Length && char.IsWhiteSpace(t[from])) from++;
            var value = Unquote(Slice(line, from, t.Length));
            vars[key] = value;
        }
        return vars;
    }

    /// <summary>
    /// <c>Environment=</c>'s assignments: words (quotes removed), each <c>NAME=VALUE</c>.
    /// </summary>
    public static IEnumerable<(string Name, SpottedText Value)> EnvironmentAssignments(SpottedText value)
    {
        foreach (var word in Words(value))
        {
            var eq = word.Text.IndexOf('=');
            if (eq <= 0) continue; // systemd ignores an invalid assignment (with a warning)
            yield return (word.Text[..eq], new SpottedText(word.Text[(eq + 1)..], word.Spots.Skip(eq + 1).ToList()));
        }
    }

    /// <summary>The words of a command line or an assignment list: split at unquoted whitespace, quotes removed, escapes resolved.</summary>
    public static List<SpottedText> Words(SpottedText value)
    {
        var words = new List<SpottedText>();
        var t = value.Text;
        var i = 0;
        while (i < t.Length)
        {
            while (i < t.Length && char.IsWhiteSpace(t[i])) i++;
            if (i == t.Length) break;
            var sb = new StringBuilder();
            var spots = new List<NodeSpot>();
            char quote = '\0';
            for (; i < t.Length; i++)
            {
                var c = t[i];
                if (quote == '\0' && char.IsWhiteSpace(c)) break;
                if (quote == '\0' && c is '"' or '\'') { quote = c; continue; }
                if (quote != '\0' && c == quote) { quote = '\0'; continue; }
                if (c == '\\' && quote != '\'' && i + 1 < t.Length)
                {
                    spots.Add(value.Spots[i]);
                    sb.Append(Escaped(t[++i]));
                    continue;
                }
                spots.Add(value.Spots[i]);
                sb.Append(c);
            }
            words.Add(new SpottedText(sb.ToString(), spots));
        }
        return words;
    }

    // An environment file's value: quotes removed (a value may mix quoted and unquoted parts), unquoted trailing whitespace dropped.
    private static SpottedText Unquote(SpottedText value)
    {
        var t = value.Text;
        var sb = new StringBuilder();
        var spots = new List<NodeSpot>();
        var quote = '\0';
        var keep = 0; // length up to the last character that is not unquoted whitespace
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (quote == '\0' && c is '"' or '\'') { quote = c; continue; }
            if (quote != '\0' && c == quote) { quote = '\0'; keep = sb.Length; continue; }
            if (c == '\\' && quote != '\'' && i + 1 < t.Length)
            {
                spots.Add(value.Spots[i]);
                sb.Append(t[++i]);
                keep = sb.Length;
                continue;
            }
            spots.Add(value.Spots[i]);
            sb.Append(c);
            if (quote != '\0' || !char.IsWhiteSpace(c)) keep = sb.Length;
        }
        if (quote == '\0') return new SpottedText(sb.ToString(0, keep), spots.Take(keep).ToList());
        return new SpottedText(sb.ToString(), spots);
    }

    private static char Escaped(char c) => c switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'a' => '\a', 'b' => '\b', 'f' => '\f', 'v' => '\v', 's' => ' ', _ => c };

    private static SpottedText Slice(SpottedText line, int from, int to) =>
        new(line.Text[from..to], line.Spots.Skip(from).Take(to - from).ToList());

    // Physical lines joined where one ends in a backslash (the backslash becomes a space, as systemd joins them).
    private static IEnumerable<SpottedText> LogicalLines(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var sb = new StringBuilder();
        var spots = new List<NodeSpot>();
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var trimmed = line.TrimStart();
            // A comment line inside a continued line is skipped, and the continuation goes on (systemd ≥ 246).
            if (sb.Length > 0 && trimmed.Length > 0 && trimmed[0] is '#' or ';') continue;
            var continued = line.EndsWith('\\');
            var body = continued ? line[..^1] : line;
            for (var c = 0; c < body.Length; c++)
            {
                sb.Append(body[c]);
                spots.Add(new NodeSpot(path, n + 1, c + 1));
            }
            if (continued)
            {
                sb.Append(' ');
                spots.Add(new NodeSpot(path, n + 1, body.Length + 1));
                continue;
            }
            yield return new SpottedText(sb.ToString(), spots);
            sb.Clear();
            spots = [];
        }
        if (sb.Length > 0) yield return new SpottedText(sb.ToString(), spots);
    }
}
