using System.Globalization;
using System.Text;
using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Node;

/// <summary>
/// The configuration the kubelet runs with: its configuration file with the command-line flags
/// laid over it (a flag wins over the file; <c>--feature-gates</c> merges gate by gate, as the
/// kubelet's kubeletConfigFlagPrecedence does), or — run without <c>--config</c> — the flags over
/// the kubelet's legacy flag defaults. Written out as one KubeletConfiguration document, one value a
/// line, with the place each line's value came from, so the kubelet rules judge the merged object
/// and their findings lead back to the flag or to the file's line.
/// </summary>
internal sealed class KubeletEffectiveConfig
{
    private KubeletEffectiveConfig(string text, IReadOnlyList<NodeSpot> lines)
    {
        Text = text;
        Lines = lines;
    }

    /// <summary>The merged KubeletConfiguration document.</summary>
    public string Text { get; }

    /// <summary>Where line <c>i + 1</c> of <see cref="Text"/> came from.</summary>
    public IReadOnlyList<NodeSpot> Lines { get; }

    /// <summary>Where a line of <see cref="Text"/> came from (past the end, or line 0: the document's first).</summary>
    public NodeSpot SpotOf(int line) => Lines[line >= 1 && line <= Lines.Count ? line - 1 : 0];

    /// <summary>
    /// The merged document, or null when the file is not one YAML mapping (then the file is scanned as written,
    /// so its error or its kind is reported as scan reports it).
    /// </summary>
    /// <param name="kubelet">The kubelet's command line, whose flags win.</param>
    /// <param name="configPath">The <c>--config</c> file, null when the kubelet runs without one.</param>
    /// <param name="configText">Its text.</param>
    /// <param name="errors">Receives a flag value the kubelet would refuse (it would not start).</param>
    public static KubeletEffectiveConfig? Build(KubeletCommandLine kubelet, string? configPath, string? configText, List<ScanError> errors)
    {
        var start = kubelet.Argv.Count > 0 ? kubelet.Argv[0].Spot : new NodeSpot(kubelet.Source, 1, 1);
        Map root;
        if (configPath != null && configText != null)
        {
            if (HasSeveralDocuments(configText)) return null;
            var parsed = YamlTreeBuilder.Parse(configText, configPath, 0, 1, ParseLimits.Default);
            if (parsed.Error != null || parsed.Root is not YMapping mapping) return null;
            root = (Map)From(mapping, configPath);
        }
        else
        {
            // options.go applyLegacyDefaults: without a configuration file the flags' defaults hold.
            root = new Map(start);
            root.Set("apiVersion", start, new Scalar(Quote("kubelet.config.k8s.io/v1beta1"), start));
            root.Set("kind", start, new Scalar(Quote("KubeletConfiguration"), start));
            Put(root, "authentication.anonymous.enabled", new Scalar("true", start), start);
            Put(root, "authentication.webhook.enabled", new Scalar("false", start), start);
            Put(root, "authorization.mode", new Scalar(Quote("AlwaysAllow"), start), start);
            Put(root, "readOnlyPort", new Scalar("10255", start), start);
        }
        foreach (var s in KubeletFlags.Settings(kubelet.Argv))
        {
            if (Value(s) is { } value) Put(root, s.Field, value, s.Spot);
            else errors.Add(new ScanError(s.Spot.File, s.Spot.Line, s.Spot.Column, $"kubelet --{s.Flag}={s.Value}: not a valid {KindName(s.Kind)} (the kubelet would not start)"));
        }
        var text = new StringBuilder();
        var lines = new List<NodeSpot>();
        Emit(root, 0, text, lines);
        return new KubeletEffectiveConfig(text.ToString(), lines);
    }

    private static string KindName(KubeletFlags.Kind kind) => kind switch
    {
        KubeletFlags.Kind.Bool => "boolean",
        KubeletFlags.Kind.Int => "integer",
        KubeletFlags.Kind.Gates => "feature-gate list (Name=true|false,…)",
        _ => "value",
    };

    // The flag's value as a node of the document, or null when the kubelet would reject it.
    private static Node? Value(KubeletFlags.Setting s)
    {
        switch (s.Kind)
        {
            case KubeletFlags.Kind.Bool:
                return KubeletFlags.ParseBool(s.Value) is { } b ? new Scalar(b ? "true" : "false", s.Spot) : null;
            case KubeletFlags.Kind.Int:
                return KubeletFlags.ParseInt(s.Value) is { } n ? new Scalar(n.ToString(CultureInfo.InvariantCulture), s.Spot) : null;
            case KubeletFlags.Kind.List:
                var list = new Seq(s.Spot);
                foreach (var item in s.Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0)) list.Items.Add(new Scalar(Quote(item), s.Spot));
                return list;
            case KubeletFlags.Kind.Gates:
                var gates = new Map(s.Spot);
                foreach (var pair in s.Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0))
                {
                    var eq = pair.IndexOf('=');
                    if (eq <= 0 || KubeletFlags.ParseBool(pair[(eq + 1)..].Trim()) is not { } on) return null;
                    gates.Set(pair[..eq].Trim(), s.Spot, new Scalar(on ? "true" : "false", s.Spot));
                }
                return gates;
            default:
                return new Scalar(Quote(s.Value), s.Spot);
        }
    }

    // Sets a dotted field, making the mappings on its way; feature gates merge into the file's.
    private static void Put(Map root, string field, Node value, NodeSpot spot)
    {
        var keys = field.Split('.');
        var map = root;
        foreach (var key in keys[..^1])
        {
            if (map.Get(key) is not Map inner) map.Set(key, spot, inner = new Map(spot));
            map = inner;
        }
        if (value is Map gates && map.Get(keys[^1]) is Map existing)
            foreach (var (key, keySpot, gate) in gates.Entries) existing.Set(key, keySpot, gate);
        else map.Set(keys[^1], spot, value);
    }

    private static bool HasSeveralDocuments(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Skip(1).Any(l => l.StartsWith("---", StringComparison.Ordinal) && l.TrimEnd().Length == 3);

    private static Node From(YNode node, string file)
    {
        var spot = new NodeSpot(file, node.Position.Line, node.Position.Column);
        switch (node)
        {
            case YMapping m:
                var map = new Map(spot);
                foreach (var e in m.Entries) map.Set(e.Key, new NodeSpot(file, e.KeyPosition.Line, e.KeyPosition.Column), From(e.Value, file));
                return map;
            case YSequence s:
                var seq = new Seq(spot);
                foreach (var item in s.Items) seq.Items.Add(From(item, file));
                return seq;
            case YScalar { Kind: ScalarKind.String } str:
                return new Scalar(Quote(str.Text), spot);
            default:
                return new Scalar(((YScalar)node).Text, spot); // null, bool, int, float: their plain text resolves to the same value
        }
    }

    private static void Emit(Map map, int indent, StringBuilder text, List<NodeSpot> lines)
    {
        foreach (var (key, keySpot, value) in map.Entries)
        {
            text.Append(' ', indent).Append(Quote(key)).Append(':');
            switch (value)
            {
                case Scalar s:
                    Line(text.Append(' ').Append(s.Yaml), lines, s.Spot);
                    break;
                case Map { Entries.Count: 0 }:
                    Line(text.Append(" {}"), lines, keySpot);
                    break;
                case Seq { Items.Count: 0 }:
                    Line(text.Append(" []"), lines, keySpot);
                    break;
                case Map inner:
                    Line(text, lines, keySpot);
                    Emit(inner, indent + 2, text, lines);
                    break;
                case Seq seq:
                    Line(text, lines, keySpot);
                    Emit(seq, indent + 2, text, lines);
                    break;
            }
        }
    }

    private static void Emit(Seq seq, int indent, StringBuilder text, List<NodeSpot> lines)
    {
        foreach (var item in seq.Items)
        {
            text.Append(' ', indent).Append('-');
            switch (item)
            {
                case Scalar s: Line(text.Append(' ').Append(s.Yaml), lines, s.Spot); break;
                case Map { Entries.Count: 0 }: Line(text.Append(" {}"), lines, item.Spot); break;
                case Seq { Items.Count: 0 }: Line(text.Append(" []"), lines, item.Spot); break;
                case Map inner: Line(text, lines, item.Spot); Emit(inner, indent + 2, text, lines); break;
                case Seq inner: Line(text, lines, item.Spot); Emit(inner, indent + 2, text, lines); break;
            }
        }
    }

    private static void Line(StringBuilder text, List<NodeSpot> lines, NodeSpot spot)
    {
        text.Append('\n');
        lines.Add(spot);
    }

    private static string Quote(string s) => NodeScanner.Quote(s);

    private abstract record Node(NodeSpot Spot);

    private sealed record Scalar(string Yaml, NodeSpot Spot) : Node(Spot);

    private sealed record Seq(NodeSpot Spot) : Node(Spot)
    {
        public List<Node> Items { get; } = [];
    }

    private sealed record Map(NodeSpot Spot) : Node(Spot)
    {
        public List<(string Key, NodeSpot KeySpot, Node Value)> Entries { get; } = [];

        public Node? Get(string key) => Entries.FirstOrDefault(e => e.Key == key).Value;

        public void Set(string key, NodeSpot keySpot, Node value)
        {
            var i = Entries.FindIndex(e => e.Key == key);
            if (i >= 0) Entries[i] = (key, keySpot, value);
            else Entries.Add((key, keySpot, value));
        }
    }
}
