using Stockade.Kube;

namespace Stockade.Engine;

/// <summary>
/// Puts outcomes finished out of order back in order: each goes to the sink once every outcome
/// with a lower sequence number has gone. The inventory entries (small) are kept for the
/// cross-object rules at the end.
/// </summary>
/// <remarks>
/// The lock only files an outcome and queues those now in order; one thread at a time then hands
/// the queue to the sink outside it. A worker that finishes a document while the report is being
/// written files it and goes back to checking documents instead of waiting for the writer.
/// </remarks>
internal sealed class OrderedDelivery(IScanSink sink)
{
    private readonly Dictionary<long, DocumentOutcome> _pending = new();
    private readonly Queue<DocumentOutcome> _ready = new();
    private long _next = -1;
    private bool _handing;
    private bool _failed;

    private readonly InventoryCompactor _compactor = new();

    public List<InventoryEntry> Inventory { get; } = new();

    public List<KubeObject> Collected { get; } = new();

    /// <summary>The bundle facts of the documents delivered so far, in input order.</summary>
    public BundleFacts Facts { get; } = new();

    /// <summary>Findings settled once the bundle is known; spilled to the host's stream past a bound.</summary>
    public DependentFindingStore Dependent { get; init; } = new(null, new Dictionary<string, Rule>());

    /// <summary>Told of every file with an error, so none of its entries is called fixed.</summary>
    public Baselines.Baseline? Baseline { get; init; }

    /// <summary>
    /// Files <paramref name="outcome"/>; returns once the outcomes now in order have reached the
    /// sink, or at once when another thread is handing them on (it takes this one too).
    /// </summary>
    public void Deliver(long sequence, DocumentOutcome outcome)
    {
        lock (_pending)
        {
            _pending[sequence] = outcome;
            while (_pending.Remove(_next, out var ready))
            {
                _ready.Enqueue(ready);
                _next++;
            }
            if (_handing || _failed || _ready.Count == 0) return;
            _handing = true;
        }
        while (true)
        {
            DocumentOutcome next;
            lock (_pending)
            {
                if (!_ready.TryDequeue(out next!))
                {
                    _handing = false;
                    return;
                }
            }
            try
            {
                Hand(next);
            }
            catch
            {
                // The sink failed (the report's output): the failure ends the scan, and nothing after it is handed on out of order.
                lock (_pending) _failed = true;
                throw;
            }
        }
    }

    private void Hand(DocumentOutcome ready)
    {
        foreach (var entry in ready.Inventory) Inventory.Add(_compactor.Compact(entry));
        Collected.AddRange(ready.Collected);
        if (ready.Facts != null) Facts.Add(ready.Facts);
        foreach (var d in ready.Dependent) Dependent.Add(d);
        if (Baseline != null) foreach (var e in ready.Errors) Baseline.Refused(e.File);
        sink.Add(ready);
    }
}
