using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>
/// Makes inventory entries small before they are kept for the rest of a scan: the strings that
/// repeat across objects (kinds, API versions, namespaces, file names, label keys and values,
/// RBAC verbs and resources, field paths) are shared through one pool, label maps become small
/// arrays, and empty lists become one shared instance. A long stream keeps one entry per object
/// until the cross-object rules run at the end, so this is what bounds its memory.
/// </summary>
/// <remarks>Not thread-safe: the scanner calls it where outcomes are put back in order, under its lock.</remarks>
internal sealed class InventoryCompactor
{
    private readonly HashSet<string> _pool = new(StringComparer.Ordinal);

    public InventoryEntry Compact(InventoryEntry entry) => entry with
    {
        Ref = new ObjectRef(Intern(entry.Ref.ApiVersion), Intern(entry.Ref.Kind), InternOrNull(entry.Ref.Namespace), entry.Ref.Name),
        File = Intern(entry.File),
        PathPrefix = Intern(entry.PathPrefix),
        Labels = Labels(entry.Labels),
        Summary = entry.Summary switch
        {
            WorkloadSummary w => w with { PodLabels = Labels(w.PodLabels), ControllerKind = InternOrNull(w.ControllerKind), ServiceAccount = Intern(w.ServiceAccount) },
            RoleSummary r => r with { Rules = List(r.Rules, Rule) },
            BindingSummary b => b with { RoleKind = Intern(b.RoleKind), RoleName = Intern(b.RoleName), Subjects = List(b.Subjects, Subject) },
            var other => other,
        },
    };

    private PolicyRuleSummary Rule(PolicyRuleSummary r) => r with
    {
        Verbs = Strings(r.Verbs),
        ApiGroups = Strings(r.ApiGroups),
        Resources = Strings(r.Resources),
        ResourceNames = Strings(r.ResourceNames),
        NonResourceUrls = Strings(r.NonResourceUrls),
        Path = Intern(r.Path),
    };

    private SubjectSummary Subject(SubjectSummary s) => s with { Kind = Intern(s.Kind), Name = Intern(s.Name), Namespace = InternOrNull(s.Namespace), Path = Intern(s.Path) };

    private IReadOnlyList<string> Strings(IReadOnlyList<string> values) => List(values, Intern);

    private static IReadOnlyList<T> List<T>(IReadOnlyList<T> items, Func<T, T> compact)
    {
        if (items.Count == 0) return [];
        var array = new T[items.Count];
        for (var i = 0; i < array.Length; i++) array[i] = compact(items[i]);
        return array;
    }

    private IReadOnlyDictionary<string, string> Labels(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0) return SmallMap.Empty;
        var pairs = new KeyValuePair<string, string>[labels.Count];
        var i = 0;
        foreach (var (key, value) in labels) pairs[i++] = new(Intern(key), Intern(value));
        return new SmallMap(pairs);
    }

    [return: NotNullIfNotNull(nameof(s))]
    private string? InternOrNull(string? s) => s == null ? null : Intern(s);

    private string Intern(string s)
    {
        if (s.Length == 0) return "";
        if (_pool.TryGetValue(s, out var shared)) return shared;
        _pool.Add(s);
        return s;
    }

    /// <summary>A read-only map held as an array of pairs: labels are few, so a linear search beats a hash table's memory.</summary>
    private sealed class SmallMap(KeyValuePair<string, string>[] pairs) : IReadOnlyDictionary<string, string>
    {
        public static readonly SmallMap Empty = new([]);

        public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
        public IEnumerable<string> Keys => pairs.Select(p => p.Key);
        public IEnumerable<string> Values => pairs.Select(p => p.Value);
        public int Count => pairs.Length;
        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
        {
            foreach (var pair in pairs)
            {
                if (string.Equals(pair.Key, key, StringComparison.Ordinal))
                {
                    value = pair.Value;
                    return true;
                }
            }
            value = null;
            return false;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)pairs).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
