using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stockade.Yaml;

/// <summary>
/// Builds one document's tree from YamlDotNet parser events with goyaml v2 semantics: anchors
/// and aliases shared, merge keys applied in document order (a later key or merge overwrites an
/// earlier one, as <c>kubectl</c> and the API server see it), duplicate keys kept last and
/// reported, keys converted to JSON keys the way sigs.k8s.io/yaml converts them.
/// </summary>
internal sealed class YamlTreeBuilder
{
    // One builder per thread, reused from document to document with its frames and buffers: a
    // scan parses tens of thousands of documents, one at a time on each thread.
    [ThreadStatic] private static YamlTreeBuilder? t_spare;

    private ParseLimits _limits = ParseLimits.Default;
    private int _lineOffset;
    // Made on first use: most documents have neither a diagnostic nor an anchor.
    private List<YamlDiagnostic>? _diagnostics;
    private Dictionary<string, YNode>? _anchors;
    private readonly Stack<Frame> _frames = new();

    /// <summary>Frames of closed collections, reused: a document opens hundreds of mappings and sequences, never many at once.</summary>
    private readonly Stack<Frame> _spareFrames = new();
    private readonly CollectionBuffers _buffers = new();
    private long _aliasExpansion;
    private Scanner? _scanner;

    /// <summary>An open mapping or sequence; its node is made when it closes, with arrays of the exact size.</summary>
    private sealed class Frame
    {
        public bool IsMapping;
        public bool IsFlow;
        public SourcePosition Start;
        /// <summary>The open mapping's entries (for a mapping).</summary>
        public YEntryBuffer Entries = null!;
        /// <summary>The open sequence's items (for a sequence).</summary>
        public List<YNode> Items = null!;
        public string? Anchor;
        public long Size = 1;
        public string? PendingKey;
        public SourcePosition PendingKeyPosition;
        public bool PendingIsMerge;
        /// <summary>Where the last key or value read into this collection ends: a block collection ends there.</summary>
        public SourcePosition LastEnd;
        /// <summary>Keys whose current value came from a merge key (null until the first merge).</summary>
        public HashSet<string>? MergedKeys;
        /// <summary>Keys written explicitly, with where first (null until the first merge: before it every key is explicit).</summary>
        public Dictionary<string, SourcePosition>? ExplicitKeys;

        /// <summary>Drops what the frame refers to, so a spare frame keeps no document alive.</summary>
        public void Clear()
        {
            Entries = null!;
            Items = null!;
            Anchor = null;
            PendingKey = null;
            MergedKeys = null;
            ExplicitKeys = null;
        }
    }

    /// <summary>Parses the first YAML document of <paramref name="text"/>.</summary>
    /// <param name="text">One document's text, as kubectl splits a stream on <c>---</c> lines.</param>
    /// <param name="file">The file name for the result.</param>
    /// <param name="index">The document's index in its file.</param>
    /// <param name="startLine">The 1-based line of the file the text starts on.</param>
    /// <param name="limits">Depth and expansion limits that stop hostile input.</param>
    public static ParsedDocument Parse(string text, string file, int index, int startLine, ParseLimits limits)
    {
        var builder = t_spare ?? new YamlTreeBuilder();
        t_spare = null; // a parse nested in this one (none today) would get a builder of its own
        builder._limits = limits;
        builder._lineOffset = startLine - 1;
        try
        {
            var root = builder.Build(text);
            return new ParsedDocument { File = file, Index = index, StartLine = startLine, Root = root, Diagnostics = builder.Diagnostics };
        }
        catch (YamlException e)
        {
            var p = builder.Pos(e.Start);
            return Failed(file, index, startLine, p, "YAML syntax error: " + CleanMessage(e.Message), builder.Diagnostics);
        }
        catch (YamlSemanticException e)
        {
            return Failed(file, index, startLine, e.Position, e.Message, builder.Diagnostics);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) when a flow collection is left
            // open and block content follows (`a: [1, 2` then `b: 3`); goyaml reports a syntax error there.
            var at = builder._scanner is { } scanner ? builder.Pos(scanner.CurrentPosition) : new SourcePosition(startLine, 1);
            return Failed(file, index, startLine, at, "YAML syntax error: did not find the expected ',' or closing bracket of a flow collection ([ or {) before this point", builder.Diagnostics);
        }
        finally
        {
            builder.Reset();
            t_spare = builder;
        }
    }

    /// <summary>Forgets the document just read (a failed one leaves frames open), keeping the frames and buffers.</summary>
    private void Reset()
    {
        while (_frames.TryPop(out var open))
        {
            open.Clear();
            _spareFrames.Push(open);
        }
        _buffers.Reset();
        _diagnostics = null;
        _anchors = null;
        _aliasExpansion = 0;
        _scanner = null;
    }

    private IReadOnlyList<YamlDiagnostic> Diagnostics => (IReadOnlyList<YamlDiagnostic>?)_diagnostics ?? [];

    private void Report(YamlDiagnostic diagnostic) => (_diagnostics ??= new()).Add(diagnostic);

    private static ParsedDocument Failed(string file, int index, int startLine, SourcePosition p, string message, IReadOnlyList<YamlDiagnostic> diagnostics) =>
        new() { File = file, Index = index, StartLine = startLine, Error = new ParseError(p, message), Diagnostics = diagnostics };

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the position is reported separately.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && i > 0 ? message[(i + 3)..] : message;
    }

    private SourcePosition Pos(Mark m) => new((int)m.Line + _lineOffset, (int)m.Column);

    private YNode? Build(string text)
    {
        _scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(_scanner);
        YNode? root = null;
        var documents = 0;
        while (parser.MoveNext())
        {
            var ev = parser.Current!;
            switch (ev)
            {
                case DocumentStart ds:
                    documents++;
                    if (documents > 1)
                    {
                        Report(new YamlDiagnostic(DiagnosticKind.IgnoredContent, Pos(ds.Start), "", SourcePosition.Unknown,
                            "a second YAML document follows '...' without a '---' line; kubectl and the API server never read it"));
                        return root;
                    }
                    break;
                case Scalar s:
                    if (IsMergeKey(s) && _frames.TryPeek(out var top) && top.IsMapping && top.PendingKey == null && !top.PendingIsMerge)
                    {
                        top.PendingIsMerge = true;
                        top.PendingKeyPosition = Pos(s.Start);
                        break;
                    }
                    var scalar = ResolveScalar(s);
                    scalar.End = Pos(s.End);
                    Deliver(scalar, s.Anchor.IsEmpty ? null : s.Anchor.Value, root: ref root);
                    NoteEnd(scalar.End);
                    break;
                case AnchorAlias a:
                    DeliverAlias(a, ref root);
                    NoteEnd(Pos(a.End));
                    break;
                case SequenceStart ss:
                    Push(isMapping: false, ss.Style == SequenceStyle.Flow, ss.Anchor.IsEmpty ? null : ss.Anchor.Value, ss.Start);
                    break;
                case MappingStart ms:
                    Push(isMapping: true, ms.Style == MappingStyle.Flow, ms.Anchor.IsEmpty ? null : ms.Anchor.Value, ms.Start);
                    break;
                case SequenceEnd or MappingEnd:
                    var frame = _frames.Peek();
                    if (frame.PendingKey != null || frame.PendingIsMerge)
                    {
                        throw new YamlSemanticException(frame.PendingKeyPosition, "mapping key without a value");
                    }
                    _frames.Pop();
                    YNode node = frame.IsMapping
                        ? new YMapping(frame.Start, frame.Entries.TakeEntries()) { IsFlow = frame.IsFlow }
                        : new YSequence(frame.Start, CollectionBuffers.TakeItems(frame.Items)) { IsFlow = frame.IsFlow };
                    node.ExpandedSize = frame.Size;
                    // A block collection's end event comes at the next token, possibly lines of comments later;
                    // a flow collection's event marks its one-character closing bracket.
                    node.End = frame.IsFlow ? Pos(ev.Start) with { Column = (int)ev.Start.Column + 1 } : frame.LastEnd;
                    var anchor = frame.Anchor;
                    frame.Clear();
                    _spareFrames.Push(frame);
                    Deliver(node, anchor, ref root);
                    NoteEnd(node.End);
                    break;
            }
        }
        return root;
    }

    private void NoteEnd(SourcePosition end)
    {
        if (_frames.TryPeek(out var parent)) parent.LastEnd = end;
    }

    // goyaml v2: a merge key is a plain "<<" or one tagged !!merge; a quoted "<<" is an ordinary key.
    private static bool IsMergeKey(Scalar s) =>
        s.Value == "<<" && ((s.Style == ScalarStyle.Plain && s.Tag.IsEmpty) || (!s.Tag.IsEmpty && s.Tag.Value == ScalarResolver.MergeTag));

    private YScalar ResolveScalar(Scalar s)
    {
        var tag = s.Tag.IsEmpty ? "" : s.Tag.Value;
        if (tag == "!") tag = ScalarResolver.StrTag;
        return ScalarResolver.Resolve(Pos(s.Start), s.Value, tag, s.Style == ScalarStyle.Plain);
    }

    private void Push(bool isMapping, bool isFlow, string? anchor, Mark start)
    {
        if (_frames.Count >= _limits.MaxDepth)
        {
            throw new YamlSemanticException(Pos(start), $"nesting deeper than {_limits.MaxDepth} levels");
        }
        var frame = _spareFrames.TryPop(out var spare) ? spare : new Frame();
        frame.IsMapping = isMapping;
        frame.IsFlow = isFlow;
        frame.Start = Pos(start);
        // The collection at depth N fills the buffers of depth N: the ones below belong to its open parents.
        if (isMapping) frame.Entries = _buffers.Entries(_frames.Count);
        else frame.Items = _buffers.Items(_frames.Count);
        frame.Anchor = anchor;
        frame.Size = 1;
        frame.PendingKey = null;
        frame.PendingKeyPosition = default;
        frame.PendingIsMerge = false;
        frame.LastEnd = default;
        frame.MergedKeys = null;
        frame.ExplicitKeys = null;
        _frames.Push(frame);
    }

    private void DeliverAlias(AnchorAlias alias, ref YNode? root)
    {
        if (_anchors == null || !_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            throw new YamlSemanticException(Pos(alias.Start), $"unknown anchor '{alias.Value.Value}' referenced (undefined, or an alias inside its own anchor)");
        }
        _aliasExpansion += target.ExpandedSize;
        CheckAliasBudget(alias.Start);
        DeliverNode(target, ref root, fromAlias: true);
    }

    private void CheckAliasBudget(Mark at)
    {
        if (_aliasExpansion > _limits.MaxAliasExpansion)
        {
            throw new YamlSemanticException(Pos(at), $"aliases and merge keys expand to more than {_limits.MaxAliasExpansion:N0} nodes (an alias bomb?)");
        }
    }

    private void Deliver(YNode node, string? anchor, ref YNode? root)
    {
        if (anchor != null) (_anchors ??= new(StringComparer.Ordinal))[anchor] = node;
        DeliverNode(node, ref root, fromAlias: false);
    }

    private void DeliverNode(YNode node, ref YNode? root, bool fromAlias)
    {
        if (_frames.Count == 0)
        {
            root = node;
            return;
        }
        var parent = _frames.Peek();
        switch (parent.IsMapping)
        {
            case false:
                parent.Items.Add(node);
                parent.Size += node.ExpandedSize;
                break;
            case true when parent.PendingKey == null && !parent.PendingIsMerge:
                SetPendingKey(parent, node);
                break;
            case true:
                if (parent.PendingIsMerge)
                {
                    parent.PendingIsMerge = false;
                    ApplyMerge(parent, node);
                }
                else
                {
                    var entry = new YEntry(parent.PendingKey!, parent.PendingKeyPosition, node);
                    parent.PendingKey = null;
                    var replaced = parent.Entries.Set(entry);
                    parent.Size += 1 + node.ExpandedSize;
                    parent.MergedKeys?.Remove(entry.Key);
                    // Overriding a merged value is what a key after '<<' is for; writing a key twice is not.
                    SourcePosition first;
                    bool writtenBefore;
                    if (parent.ExplicitKeys == null)
                    {
                        writtenBefore = replaced.HasValue;
                        first = replaced?.KeyPosition ?? default;
                    }
                    else
                    {
                        writtenBefore = parent.ExplicitKeys.TryGetValue(entry.Key, out first);
                    }
                    if (writtenBefore)
                    {
                        Report(new YamlDiagnostic(DiagnosticKind.DuplicateKey, entry.KeyPosition, entry.Key, first,
                            $"duplicate key \"{entry.Key}\" (first at line {first.Line}); the API server keeps this last value"));
                    }
                    else
                    {
                        parent.ExplicitKeys?.Add(entry.Key, entry.KeyPosition);
                    }
                }
                break;
        }
    }

    private void SetPendingKey(Frame frame, YNode keyNode)
    {
        if (keyNode is not YScalar key)
        {
            throw new YamlSemanticException(keyNode.Position, "a mapping key must be a scalar; the API server rejects complex keys");
        }
        frame.PendingKey = ScalarResolver.ToJsonKey(key)
            ?? throw new YamlSemanticException(key.Position, $"unsupported map key of type {key.KindName} (\"{key.Text}\")");
        frame.PendingKeyPosition = key.Position;
    }

    private void ApplyMerge(Frame frame, YNode source)
    {
        switch (source)
        {
            case YMapping m:
                MergeEntries(frame, m);
                break;
            case YSequence seq:
                // goyaml v2 steps backwards so that earlier mappings take precedence.
                for (var i = seq.Items.Count - 1; i >= 0; i--)
                {
                    if (seq.Items[i] is not YMapping item)
                    {
                        throw new YamlSemanticException(seq.Items[i].Position, "map merge requires map or sequence of maps as the value");
                    }
                    MergeEntries(frame, item);
                }
                break;
            default:
                throw new YamlSemanticException(source.Position, "map merge requires map or sequence of maps as the value");
        }
    }

    private void MergeEntries(Frame frame, YMapping source)
    {
        _aliasExpansion += source.Count;
        if (_aliasExpansion > _limits.MaxAliasExpansion)
        {
            throw new YamlSemanticException(frame.PendingKeyPosition, $"aliases and merge keys expand to more than {_limits.MaxAliasExpansion:N0} nodes (an alias bomb?)");
        }
        frame.MergedKeys ??= new HashSet<string>(StringComparer.Ordinal);
        if (frame.ExplicitKeys == null)
        {
            frame.ExplicitKeys = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
            foreach (var e in frame.Entries.Entries) frame.ExplicitKeys[e.Key] = e.KeyPosition;
        }
        foreach (var e in source.Entries)
        {
            var replaced = frame.Entries.Set(e);
            frame.Size += 1 + e.Value.ExpandedSize;
            var replacedExplicitKey = replaced.HasValue && !frame.MergedKeys.Contains(e.Key);
            frame.MergedKeys.Add(e.Key);
            if (replacedExplicitKey && replaced is { } old)
            {
                Report(new YamlDiagnostic(DiagnosticKind.MergeOverride, frame.PendingKeyPosition, e.Key, old.KeyPosition,
                    $"key \"{e.Key}\" (line {old.KeyPosition.Line}) is overridden by the later merge key '<<'; the API server keeps the merged value"));
            }
        }
    }
}
