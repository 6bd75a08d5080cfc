using Stockade.Engine;

namespace Stockade.Baselines;

/// <summary>
/// The findings a repository accepted when it adopted Stockade (<c>stockade baseline</c>), given to a
/// scan with <c>--baseline</c>: a finding with the fingerprint of an entry is suppressed
/// (<see cref="SuppressionKind.Baselined"/>) and uses that entry up, so a second finding like an
/// accepted one is new. Entries left once the scan is done no longer match anything: fixed — but
/// only those whose file this scan checked (it held an object, and no document of it was refused):
/// a scan of part of the repository, or of a file that could not be read, does not call the
/// entries of what it did not see fixed.
/// Thread-safe: the scan checks documents on every core.
/// </summary>
internal sealed class Baseline
{
    private readonly Dictionary<string, Queue<BaselineEntry>> _open = new(StringComparer.Ordinal);
    private readonly List<BaselineEntry> _entries;
    private readonly Func<string, string> _fileKey;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    /// <param name="entries">The accepted findings.</param>
    /// <param name="origin">The baseline file, as the reports name it.</param>
    /// <param name="fileKey">A finding's file as the baseline names it (the host knows the folders: relative to the baseline's).</param>
    public Baseline(IReadOnlyList<BaselineEntry> entries, string origin, Func<string, string> fileKey)
    {
        _entries = [.. entries];
        Origin = origin;
        _fileKey = fileKey;
        foreach (var e in entries)
        {
            if (!_open.TryGetValue(e.Fingerprint, out var q)) _open[e.Fingerprint] = q = new Queue<BaselineEntry>();
            q.Enqueue(e);
        }
    }

    public string Origin { get; }

    public int Count => _entries.Count;

    /// <summary>The file a finding is keyed by: the Helm template it came from, else its file.</summary>
    public string FileKey(Finding f) => f.Source ?? _fileKey(f.File);

    /// <summary>The finding, suppressed when an unused entry accepts it; an unsuppressed finding only.</summary>
    public Finding Apply(Finding f)
    {
        if (f.Suppressed) return f;
        var fingerprint = BaselineFingerprint.Of(f, FileKey(f));
        lock (_lock)
        {
            if (!_open.TryGetValue(fingerprint, out var q) || q.Count == 0) return f;
            q.Dequeue();
        }
        return f with { Suppressed = true, SuppressionKind = SuppressionKind.Baselined, SuppressionReason = $"accepted in the baseline {Origin}" };
    }

    /// <summary>The scan checked objects of <paramref name="file"/> (rendered from the Helm template <paramref name="source"/>, if given).</summary>
    public void Checked(string file, string? source)
    {
        var key = source ?? _fileKey(file);
        lock (_lock) _checked.Add(key);
    }

    /// <summary>A document of <paramref name="file"/> could not be read or was refused: its entries are not called fixed.</summary>
    public void Refused(string file)
    {
        var key = _fileKey(file);
        lock (_lock) _refused.Add(key);
    }

    /// <summary>
    /// The entries no finding used (in file order) whose file the scan checked without an error:
    /// fixed since the baseline was written. Final once the scan is complete.
    /// </summary>
    public IReadOnlyList<BaselineEntry> Unmatched()
    {
        lock (_lock)
        {
            var left = new HashSet<BaselineEntry>(_open.Values.SelectMany(q => q), ReferenceEqualityComparer.Instance);
            return _entries.Where(e => left.Contains(e) && _checked.Contains(e.File) && !_refused.Contains(e.File)).ToList();
        }
    }

    /// <summary>The entry a finding becomes when a baseline is written.</summary>
    public static BaselineEntry EntryOf(Finding f, string file) => new()
    {
        Rule = f.Rule,
        Kind = f.Object.Kind,
        Namespace = f.Object.Namespace,
        Name = f.Object.Name,
        Container = f.Container,
        File = file,
        Path = BaselineFingerprint.NormalPath(f.Path),
        Message = f.Message,
        Fingerprint = BaselineFingerprint.Of(f, file),
    };
}
