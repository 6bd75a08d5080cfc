namespace Stockade.Yaml;

/// <summary>
/// A node of a parsed document, with the position it was read from. Nodes reached through an
/// alias are shared, not copied, so a document's tree is a DAG whose size is that of its text.
/// </summary>
internal abstract class YNode
{
    protected YNode(SourcePosition position) => Position = position;

    /// <summary>Where the node starts in its file.</summary>
    public SourcePosition Position { get; }

    /// <summary>
    /// Where the node's text ends (just past its last character): past the closing bracket of a
    /// flow collection, past the last value of a block collection, past a scalar (for a block
    /// scalar, at the start of the line after its content). Lets an editor change the text in place.
    /// </summary>
    public SourcePosition End { get; internal set; }

    /// <summary>How many nodes this node stands for once every alias is expanded.</summary>
    /// <remarks>Kept by collections only: a scalar is one node, and the tree holds far more scalars than collections.</remarks>
    public virtual long ExpandedSize
    {
        get => 1;
        internal set => throw new InvalidOperationException("a scalar stands for one node");
    }
}

/// <summary>What a scalar means once resolved the way sigs.k8s.io/yaml (goyaml v2) resolves it.</summary>
internal enum ScalarKind
{
    String,
    Null,
    Bool,
    Int,
    Float,
}

/// <summary>A scalar with its text and its resolved meaning.</summary>
internal sealed class YScalar : YNode
{
    // One field for the value the kind has (a bool, a long, or a double's bits): a document has
    // thousands of scalars, and a scalar is one kind at a time.
    private readonly long _value;

    internal YScalar(SourcePosition position, string text, ScalarKind kind, bool boolValue, long intValue, double floatValue, bool intOutOfRange)
        : base(position)
    {
        Text = text;
        Kind = kind;
        IntOutOfRange = intOutOfRange;
        _value = kind switch
        {
            ScalarKind.Bool => boolValue ? 1 : 0,
            ScalarKind.Int => intValue,
            ScalarKind.Float => BitConverter.DoubleToInt64Bits(floatValue),
            _ => 0,
        };
    }

    /// <summary>The scalar's text as written (after YAML unescaping and folding).</summary>
    public string Text { get; }

    public ScalarKind Kind { get; }
    public bool BoolValue => Kind == ScalarKind.Bool && _value != 0;
    public long IntValue => Kind == ScalarKind.Int ? _value : 0;
    public double FloatValue => Kind == ScalarKind.Float ? BitConverter.Int64BitsToDouble(_value) : 0;

    /// <summary>An integer that does not fit a signed 64-bit value.</summary>
    public bool IntOutOfRange { get; }

    /// <summary>A human description of the resolved type, for error messages.</summary>
    public string KindName => Kind switch
    {
        ScalarKind.String => "string",
        ScalarKind.Null => "null",
        ScalarKind.Bool => "boolean",
        ScalarKind.Int => "integer",
        _ => "number",
    };

    public override string ToString() => Text;
}

/// <summary>A sequence of nodes.</summary>
internal sealed class YSequence : YNode
{
    private long _expandedSize = 1;

    internal YSequence(SourcePosition position, YNode[] items) : base(position) => Items = items;

    public IReadOnlyList<YNode> Items { get; }

    public override long ExpandedSize
    {
        get => _expandedSize;
        internal set => _expandedSize = value;
    }

    /// <summary>Written in flow style (<c>[a, b]</c>) rather than as <c>- </c> lines.</summary>
    public bool IsFlow { get; internal set; }
}

/// <summary>One key of a mapping with the value that counts for it.</summary>
/// <param name="Key">The key as the API server sees it (a JSON object key).</param>
/// <param name="KeyPosition">Where the key that set this value was written.</param>
/// <param name="Value">The value that counts (the last one written, merges applied in order).</param>
internal readonly record struct YEntry(string Key, SourcePosition KeyPosition, YNode Value);

/// <summary>
/// A mapping after duplicate keys and merge keys are applied as goyaml v2 applies them: entries in
/// document order, a later key (or a later merge) overwriting an earlier one.
/// </summary>
internal sealed class YMapping : YNode
{
    // Exact size: the builders fill a reused YEntryBuffer and hand over its entries when the mapping closes.
    private readonly YEntry[] _entries;
    private readonly Dictionary<string, int>? _index;

    private long _expandedSize = 1;

    /// <summary>An empty mapping.</summary>
    internal YMapping(SourcePosition position) : this(position, []) { }

    internal YMapping(SourcePosition position, YEntry[] entries) : base(position)
    {
        _entries = entries;
        if (entries.Length > YEntryBuffer.LinearSearchLimit)
        {
            _index = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
            for (var i = 0; i < entries.Length; i++) _index[entries[i].Key] = i;
        }
    }

    public IReadOnlyList<YEntry> Entries => _entries;

    public override long ExpandedSize
    {
        get => _expandedSize;
        internal set => _expandedSize = value;
    }

    /// <summary>Written in flow style (<c>{a: 1}</c>) rather than as indented <c>key: value</c> lines.</summary>
    public bool IsFlow { get; internal set; }

    public int Count => _entries.Length;

    /// <summary>The entry for <paramref name="key"/>, if the mapping has one.</summary>
    public bool TryGetEntry(string key, out YEntry entry)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            entry = default;
            return false;
        }
        entry = _entries[i];
        return true;
    }

    /// <summary>The value for <paramref name="key"/>, or null when absent.</summary>
    public YNode? this[string key] => IndexOf(key) is var i and >= 0 ? _entries[i].Value : null;

    internal int IndexOf(string key)
    {
        if (_index != null) return _index.TryGetValue(key, out var i) ? i : -1;
        return YEntryBuffer.LinearIndexOf(_entries, key);
    }
}
