namespace Stockade.Yaml;

/// <summary>
/// One entry buffer and one item buffer per nesting depth, for a tree builder's open mappings
/// and sequences: the collection open at depth N fills the buffers of depth N and takes an
/// exact-size array from them when it closes, so the buffers are reused from collection to
/// collection and from document to document.
/// </summary>
internal sealed class CollectionBuffers
{
    // A sequence buffer grown past this many items is dropped rather than kept for the thread's life.
    private const int MaxRetainedItems = 1024;

    [ThreadStatic] private static CollectionBuffers? t_spare;

    private readonly List<YEntryBuffer> _entries = new();
    private readonly List<List<YNode>> _items = new();

    /// <summary>The thread's decoded short JSON strings, kept with its buffers.</summary>
    public Utf8StringCache Strings { get; } = new();

    /// <summary>This thread's buffers (new ones when a builder on this thread already holds them); give them back with <see cref="Return"/>.</summary>
    public static CollectionBuffers Rent()
    {
        var buffers = t_spare ?? new CollectionBuffers();
        t_spare = null;
        return buffers;
    }

    /// <summary>Empties the buffers (a document that failed leaves some filled) and keeps them for this thread's next document.</summary>
    public void Return()
    {
        Reset();
        t_spare = this;
    }

    public YEntryBuffer Entries(int depth)
    {
        while (_entries.Count <= depth) _entries.Add(new YEntryBuffer());
        return _entries[depth];
    }

    public List<YNode> Items(int depth)
    {
        while (_items.Count <= depth) _items.Add(new List<YNode>());
        return _items[depth];
    }

    /// <summary>The items as an array of their exact count; the list is empty after it.</summary>
    public static YNode[] TakeItems(List<YNode> items)
    {
        var result = items.Count == 0 ? [] : items.ToArray();
        items.Clear();
        return result;
    }

    /// <summary>Empties every buffer: after a collection that failed to close, before the next one is read.</summary>
    public void Reset()
    {
        foreach (var e in _entries) e.Clear();
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Capacity > MaxRetainedItems) _items[i] = new List<YNode>();
            else _items[i].Clear();
        }
    }
}
