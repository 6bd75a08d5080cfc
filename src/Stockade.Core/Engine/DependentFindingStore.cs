using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>
/// The findings a scan holds until the bundle is known (<see cref="DependentFinding"/>), in input
/// order. They grow with the number of pods, so past <see cref="InMemoryLimit"/> they are written
/// to a stream the host provides (<see cref="ScanOptions.SpillStream"/>, a temporary file in the
/// CLI) in a compact binary form and read back once, at the end: memory stays bounded by the
/// documents in flight, not by the stream.
/// </summary>
/// <remarks>Not thread-safe: the scanner adds under its delivery lock.</remarks>
internal sealed class DependentFindingStore(Func<Stream>? openSpill, IReadOnlyDictionary<string, Rule> rules) : IDisposable
{
    /// <summary>How many are kept in memory before the rest go to the spill stream.</summary>
    public const int InMemoryLimit = 20_000;

    private readonly List<DependentFinding> _memory = new();
    private Stream? _spill;
    private BinaryWriter? _writer;
    private long _spilled;

    public void Add(DependentFinding finding)
    {
        if (_writer == null && (_memory.Count < InMemoryLimit || openSpill == null))
        {
            _memory.Add(finding);
            return;
        }
        if (_writer == null)
        {
            _spill = openSpill!();
            _writer = new BinaryWriter(new BufferedStream(_spill, 64 * 1024), System.Text.Encoding.UTF8, leaveOpen: true);
        }
        Write(_writer, finding);
        _spilled++;
    }

    /// <summary>Every finding added, in the order added: the ones in memory first, then the spilled ones.</summary>
    public IEnumerable<DependentFinding> All()
    {
        foreach (var f in _memory) yield return f;
        if (_writer == null) yield break;
        _writer.Flush();
        _spill!.Position = 0;
        using var reader = new BinaryReader(new BufferedStream(_spill, 64 * 1024), System.Text.Encoding.UTF8, leaveOpen: true);
        for (long i = 0; i < _spilled; i++) yield return Read(reader);
    }

    private static void Write(BinaryWriter w, DependentFinding d)
    {
        var f = d.Draft;
        w.Write(f.Rule);
        w.Write((int)f.Severity);
        w.Write(f.Message);
        w.Write(f.File);
        w.Write(f.Line);
        w.Write(f.Column);
        w.Write(f.Path);
        Optional(w, f.Container);
        w.Write(f.Object.ApiVersion);
        w.Write(f.Object.Kind);
        Optional(w, f.Object.Namespace);
        Optional(w, f.Object.Name);
        Optional(w, f.Control);
        Optional(w, f.Policy);
        Optional(w, f.Binding);
        w.Write(f.Suppressed);
        w.Write((int)f.SuppressionKind);
        Optional(w, f.SuppressionReason);
        w.Write(f.SuppressedInSource);
        d.Dependency.Write(w);
    }

    private DependentFinding Read(BinaryReader r)
    {
        var rule = rules[r.ReadString()];
        var draft = new Finding
        {
            Rule = rule.Id,
            Severity = (Severity)r.ReadInt32(),
            Message = r.ReadString(),
            File = r.ReadString(),
            Line = r.ReadInt32(),
            Column = r.ReadInt32(),
            Path = r.ReadString(),
            Container = Optional(r),
            Object = new ObjectRef(r.ReadString(), r.ReadString(), Optional(r), Optional(r)),
            Control = Optional(r),
            Policy = Optional(r),
            Binding = Optional(r),
            Suppressed = r.ReadBoolean(),
            SuppressionKind = (SuppressionKind)r.ReadInt32(),
            SuppressionReason = Optional(r),
            SuppressedInSource = r.ReadBoolean(),
        };
        return new DependentFinding(rule, draft, rule.ReadDependency(r));
    }

    private static void Optional(BinaryWriter w, string? s)
    {
        w.Write(s != null);
        if (s != null) w.Write(s);
    }

    private static string? Optional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    public void Dispose()
    {
        _writer?.Dispose();
        _spill?.Dispose();
    }
}
