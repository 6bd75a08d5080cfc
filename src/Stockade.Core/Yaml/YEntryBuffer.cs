namespace Stockade.Yaml;

/// <summary>
/// The entries of one mapping while it is read, a later key replacing an earlier one as goyaml
/// and Go's JSON decoder do. A tree builder reuses it from mapping to mapping, so each mapping
/// gets one exact-size array (<see cref="TakeEntries"/>) instead of a list grown by doubling:
/// a document holds hundreds of mappings of a few keys each.
/// </summary>
internal sealed class YEntryBuffer
{
    /// <summary>Up to this many entries a key is found by a linear search; past it through a dictionary.</summary>
    internal const int LinearSearchLimit = 12;

    // A buffer grown for an unusually large mapping is dropped rather than kept for the thread's life.
    private const int MaxRetained = 1024;

    private YEntry[] _entries = new YEntry[16];
    private int _count;
    private Dictionary<string, int>? _index;
    private bool _indexed;

    public int Count => _count;

    public ReadOnlySpan<YEntry> Entries => _entries.AsSpan(0, _count);

    /// <summary>Sets a key, returning the entry it replaced, if any.</summary>
    public YEntry? Set(YEntry entry)
    {
        var i = IndexOf(entry.Key);
        if (i >= 0)
        {
            var old = _entries[i];
            _entries[i] = entry;
            return old;
        }
        if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
        _entries[_count++] = entry;
        if (_indexed) _index![entry.Key] = _count - 1;
        else if (_count > LinearSearchLimit) BuildIndex();
        return null;
    }

    /// <summary>The entries as an array of their exact count; the buffer is empty after it.</summary>
    public YEntry[] TakeEntries()
    {
        var result = _count == 0 ? [] : _entries.AsSpan(0, _count).ToArray();
        Clear();
        return result;
    }

    public void Clear()
    {
        if (_entries.Length > MaxRetained) _entries = new YEntry[16];
        else Array.Clear(_entries, 0, _count);
        _count = 0;
        if (_indexed)
        {
            if (_index!.Count > MaxRetained) _index = null;
            else _index.Clear();
            _indexed = false;
        }
    }

    private int IndexOf(string key)
    {
        if (_indexed) return _index!.TryGetValue(key, out var found) ? found : -1;
        return LinearIndexOf(Entries, key);
    }

    internal static int LinearIndexOf(ReadOnlySpan<YEntry> entries, string key)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private void BuildIndex()
    {
        _index ??= new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
        for (var i = 0; i < _count; i++) _index[_entries[i].Key] = i;
        _indexed = true;
    }
}
