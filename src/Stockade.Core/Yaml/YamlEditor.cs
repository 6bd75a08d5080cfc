using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockade.Yaml;

/// <summary>The edited text of one document.</summary>
/// <param name="Text">The document's new text.</param>
/// <param name="KeptLayout">
/// False when in-place edits could not express the change (anchors shared by several places, merge
/// keys) and the document was rewritten from the JSON, losing its comments and layout.
/// </param>
internal sealed record YamlEditResult(string Text, bool KeptLayout);

/// <summary>
/// Rewrites one YAML document so that it reads as a desired JSON value, touching as little text as
/// possible: the tree is diffed against the JSON, new keys and items are inserted as new lines (or
/// before the closing bracket of a flow collection), changed scalars and reshaped collections are
/// replaced in place by flow JSON. Comments, blank lines, key order and quoting of everything else
/// stay byte for byte. The result is parsed back and checked; if it does not read as the JSON, the
/// document is rewritten whole.
/// </summary>
internal static class YamlEditor
{
    private static readonly JsonSerializerOptions ScalarJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="text">The document's text, exactly as parsed.</param>
    /// <param name="startLine">The file line the text starts on (positions in <paramref name="root"/> count from it).</param>
    /// <param name="root">The document's tree as <see cref="YamlTreeBuilder"/> built it from <paramref name="text"/>.</param>
    /// <param name="desired">What the document should read as.</param>
    public static YamlEditResult Edit(string text, int startLine, YNode? root, JsonNode? desired)
    {
        if (root != null && JsonNode.DeepEquals(TreeJson.From(root), desired)) return new YamlEditResult(text, true);
        if (root != null)
        {
            var session = new Session(text, startLine);
            session.Diff(root, desired);
            var edited = session.Apply();
            if (edited != null && ReadsAs(edited, startLine, desired, DuplicateKeys(text, startLine))) return new YamlEditResult(edited, true);
        }
        return new YamlEditResult(Render(desired, text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n"), false);
    }

    /// <summary>Whether <paramref name="text"/> parses, without warnings, to exactly <paramref name="desired"/>.</summary>
    /// <param name="text">The edited document's text.</param>
    /// <param name="startLine">The 1-based line of the file the text starts on.</param>
    /// <param name="desired">The JSON the text must read as.</param>
    /// <param name="allowedDuplicateKeys">How many keys the text may write twice (those the input already did).</param>
    public static bool ReadsAs(string text, int startLine, JsonNode? desired, int allowedDuplicateKeys = 0)
    {
        var doc = YamlTreeBuilder.Parse(text, "", 0, startLine, ParseLimits.Default);
        return doc.Error == null && doc.Root != null && JsonNode.DeepEquals(TreeJson.From(doc.Root), desired)
            && doc.Diagnostics.Count(d => d.Kind == DiagnosticKind.DuplicateKey) <= allowedDuplicateKeys;
    }

    private static int DuplicateKeys(string text, int startLine) =>
        YamlTreeBuilder.Parse(text, "", 0, startLine, ParseLimits.Default).Diagnostics.Count(d => d.Kind == DiagnosticKind.DuplicateKey);

    /// <summary>A whole document as block YAML (objects as indented keys, arrays and scalars as flow JSON).</summary>
    public static string Render(JsonNode? value, string newline = "\n")
    {
        if (value is JsonObject { Count: > 0 } o)
        {
            var sb = new StringBuilder();
            BlockMapping(sb, o, 0, newline);
            return sb.ToString();
        }
        return Flow(value) + newline;
    }

    private readonly record struct Change(int Start, int End, string Text, int Order);

    private sealed class Session
    {
        private readonly string _text;
        private readonly int _startLine;
        private readonly List<int> _lineStarts = [0];
        private readonly string _newline;
        private readonly List<Change> _changes = [];

        public Session(string text, int startLine)
        {
            _text = text;
            _startLine = startLine;
            for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) _lineStarts.Add(i + 1);
            _newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        }

        public void Diff(YNode node, JsonNode? want)
        {
            switch (node, want)
            {
                case (YMapping m, JsonObject o) when m.Entries.All(e => o.ContainsKey(e.Key)):
                    foreach (var e in m.Entries) Diff(e.Value, o[e.Key]);
                    var added = o.Where(kv => !m.TryGetEntry(kv.Key, out _)).ToList();
                    if (added.Count > 0) AddKeys(m, added);
                    return;
                // Keys dropped from a block mapping lose their lines (a legacy annotation replaced by its field).
                case (YMapping { IsFlow: false } m, JsonObject o) when m.Entries.Any(e => o.ContainsKey(e.Key))
                    && m.Entries.Where(e => !o.ContainsKey(e.Key)).All(e => RemovableLines(m, e) != null):
                    foreach (var e in m.Entries)
                    {
                        if (o.ContainsKey(e.Key)) Diff(e.Value, o[e.Key]);
                        else if (RemovableLines(m, e) is var (start, end)) Add(start, end, "");
                    }
                    var extra = o.Where(kv => !m.TryGetEntry(kv.Key, out _)).ToList();
                    if (extra.Count > 0) AddKeys(m, extra);
                    return;
                case (YSequence s, JsonArray a) when a.Count >= s.Items.Count:
                    for (var i = 0; i < s.Items.Count; i++) Diff(s.Items[i], a[i]);
                    if (a.Count > s.Items.Count) AddItems(s, a.Skip(s.Items.Count).ToList());
                    return;
            }
            if (!JsonNode.DeepEquals(TreeJson.From(node), want)) Replace(node, want);
        }

        /// <summary>
        /// The text of an entry written on lines of its own (from its key's line to the end of its
        /// value's line, a trailing comment included), or null when it shares a line or was merged in.
        /// </summary>
        private (int Start, int End)? RemovableLines(YMapping m, YEntry e)
        {
            var key = e.KeyPosition;
            if (key.Column != m.Position.Column || key.Line < m.Position.Line || key.Line > m.End.Line) return null;
            var keyAt = Offset(key);
            var valueEnd = Offset(e.Value.End);
            if (keyAt < 0 || valueEnd < keyAt) return null;
            var lineStart = keyAt - (key.Column - 1);
            if (!string.IsNullOrWhiteSpace(_text[lineStart..keyAt]) && keyAt != lineStart) return null;
            if (e.Value.End.Column == 1 && valueEnd > 0 && _text[valueEnd - 1] == '\n') return (lineStart, valueEnd);
            var nl = _text.IndexOf('\n', valueEnd);
            var rest = _text[valueEnd..(nl < 0 ? _text.Length : nl)].Trim();
            if (rest.Length > 0 && rest[0] != '#') return null;
            return (lineStart, nl < 0 ? _text.Length : nl + 1);
        }

        private void AddKeys(YMapping m, List<KeyValuePair<string, JsonNode?>> added)
        {
            if (m.IsFlow)
            {
                var body = string.Join(", ", added.Select(kv => Quote(kv.Key) + ": " + Flow(kv.Value)));
                AddToFlow(m, m.Entries.Select(e => e.Value), body);
                return;
            }
            var sb = new StringBuilder();
            foreach (var (key, value) in added) BlockEntry(sb, key, value, m.Position.Column - 1, _newline);
            InsertAfterLine(m, sb.ToString());
        }

        private void AddItems(YSequence s, List<JsonNode?> added)
        {
            if (s.IsFlow)
            {
                AddToFlow(s, s.Items, string.Join(", ", added.Select(Flow)));
                return;
            }
            var sb = new StringBuilder();
            foreach (var item in added) BlockItem(sb, item, s.Position.Column - 1, _newline);
            InsertAfterLine(s, sb.ToString());
        }

        /// <summary>After the last member of a flow collection (<c>, new</c>), or before the bracket of an empty one.</summary>
        private void AddToFlow(YNode collection, IEnumerable<YNode> members, string body)
        {
            var last = members.Select(n => n.End).DefaultIfEmpty().MaxBy(p => (p.Line, p.Column));
            if (last == default)
            {
                var close = Offset(collection.End) - 1;
                Add(close, close, body);
            }
            else
            {
                var at = Offset(last);
                Add(at, at, ", " + body);
            }
        }

        /// <summary>New lines after the line where a block collection ends (its trailing comment stays on it).</summary>
        private void InsertAfterLine(YNode collection, string lines)
        {
            var end = collection.End;
            var at = Offset(end);
            if (at < 0)
            {
                Add(-1, -1, lines);
                return;
            }
            if (end.Column == 1 && at > 0 && _text[at - 1] == '\n')
            {
                // Only a block scalar ends at a line start; the blank lines it swallowed are not its
                // text unless it keeps them (|+), so the new lines go before them.
                if (!(LastLeaf(collection) is YScalar s && s.Text.EndsWith("\n\n", StringComparison.Ordinal)))
                {
                    while (PreviousLineIsBlank(at, out var previous)) at = previous;
                }
                Add(at, at, lines);
                return;
            }
            var nl = _text.IndexOf('\n', at);
            if (nl >= 0) Add(nl + 1, nl + 1, lines);
            else Add(_text.Length, _text.Length, _newline + lines[..^_newline.Length]);
        }

        /// <summary>The node whose text ends a collection.</summary>
        private static YNode LastLeaf(YNode node)
        {
            while (true)
            {
                var children = node switch
                {
                    YMapping m => m.Entries.Select(e => e.Value),
                    YSequence s => s.Items,
                    _ => null,
                };
                var last = children?.FirstOrDefault(c => c.End == node.End);
                if (last == null) return node;
                node = last;
            }
        }

        private bool PreviousLineIsBlank(int lineStart, out int previousStart)
        {
            previousStart = lineStart;
            if (lineStart < 2) return false;
            var start = _text.LastIndexOf('\n', lineStart - 2) + 1;
            if (!string.IsNullOrWhiteSpace(_text[start..lineStart])) return false;
            previousStart = start;
            return true;
        }

        private void Replace(YNode node, JsonNode? want)
        {
            var start = Offset(node.Position);
            var end = Offset(node.End);
            var text = Flow(want);
            // An empty value ("key:") has no text of its own: a space keeps the colon a separator.
            if (start == end) text = " " + text;
            // A block sequence may sit at its key's indentation; a flow value there must be indented.
            else if (node is YSequence { IsFlow: false }) text = "  " + text;
            // A block scalar's text runs to the start of the next line.
            if (end > start && node.End.Column == 1 && _text[end - 1] == '\n') text += _newline;
            Add(start, end, text);
        }

        private void Add(int start, int end, string text)
        {
            // A node shared through an alias is reached once per place; one edit of its text serves them all.
            if (_changes.Any(c => c.Start == start && c.End == end && c.Text == text)) return;
            _changes.Add(new Change(start, end, text, _changes.Count));
        }

        private int Offset(SourcePosition p)
        {
            var line = p.Line - _startLine;
            if (line < 0 || line >= _lineStarts.Count) return -1;
            return _lineStarts[line] + p.Column - 1;
        }

        /// <summary>The text with every change applied, bottom-up; null when changes collide or fall outside the text.</summary>
        public string? Apply()
        {
            // Equal offsets: the change recorded first (the deeper one) must come first in the text.
            var ordered = _changes.OrderByDescending(c => c.Start).ThenByDescending(c => c.Order).ToList();
            var sb = new StringBuilder(_text);
            var floor = int.MaxValue;
            foreach (var c in ordered)
            {
                if (c.Start < 0 || c.End < c.Start || c.End > _text.Length) return null;
                if (c.End > floor) return null;
                sb.Remove(c.Start, c.End - c.Start).Insert(c.Start, c.Text);
                floor = c.Start;
            }
            return sb.ToString();
        }
    }

    private static void BlockMapping(StringBuilder sb, JsonObject o, int indent, string nl)
    {
        foreach (var (key, value) in o) BlockEntry(sb, key, value, indent, nl);
    }

    private static void BlockEntry(StringBuilder sb, string key, JsonNode? value, int indent, string nl)
    {
        sb.Append(' ', indent).Append(Key(key)).Append(':');
        if (value is JsonObject { Count: > 0 } o)
        {
            sb.Append(nl);
            BlockMapping(sb, o, indent + 2, nl);
        }
        else
        {
            sb.Append(' ').Append(Flow(value)).Append(nl);
        }
    }

    private static void BlockItem(StringBuilder sb, JsonNode? item, int indent, string nl)
    {
        sb.Append(' ', indent).Append("- ");
        if (item is JsonObject { Count: > 0 } o)
        {
            var inner = new StringBuilder();
            BlockMapping(inner, o, indent + 2, nl);
            // The first key shares the dash's line.
            sb.Append(inner.ToString(indent + 2, inner.Length - indent - 2));
        }
        else
        {
            sb.Append(Flow(item)).Append(nl);
        }
    }

    /// <summary>A value as one line of JSON (which YAML reads the same), with spaces after separators.</summary>
    public static string Flow(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(", ", o.Select(kv => Quote(kv.Key) + ": " + Flow(kv.Value))) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Flow)) + "]",
        _ => value.ToJsonString(ScalarJson),
    };

    private static string Quote(string s) => JsonValue.Create(s).ToJsonString(ScalarJson);

    /// <summary>A block mapping key: plain when YAML reads it back as the same string, else JSON-quoted.</summary>
    private static string Key(string key)
    {
        if (key.Length == 0 || !(char.IsAsciiLetter(key[0]) || key[0] == '_')) return Quote(key);
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/')) return Quote(key);
        }
        return ScalarResolver.ResolveUntagged(SourcePosition.Unknown, key).Kind == ScalarKind.String ? key : Quote(key);
    }
}
