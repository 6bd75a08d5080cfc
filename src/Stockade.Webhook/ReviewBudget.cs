namespace Stockade.Webhook;

/// <summary>
/// Bounds the memory of the reviews in flight. A review costs about
/// <see cref="Amplification"/> times its body (the body, the JSON tree with its strings and
/// positions, the pod model) plus a fixed <see cref="PerReviewOverhead"/>; a request whose cost
/// does not fit in what is left is refused (429) before its body is read. The capacity is the
/// memory limit less <see cref="BaseReserve"/> for the process itself (runtime, Kestrel,
/// TLS connections, configuration), so the sum stays under the container's limit.
/// </summary>
internal sealed class ReviewBudget
{
    /// <summary>
    /// Memory per body byte, an upper bound: the JSON tree of a body of one-byte scalars (<c>[0,0,…]</c>) holds 54 times
    /// the body; a pod with thousands of env entries 17 times, a large annotation 2 times (docs/webhook.md "Memory budget").
    /// The shape is unknown until the body is parsed, so every body is charged the worst.
    /// </summary>
    public const int Amplification = 64;

    /// <summary>Per review whatever its size: buffers, the response, the scan's objects. Also what caps the number of small reviews in flight.</summary>
    public const long PerReviewOverhead = 64 * 1024;

    /// <summary>What the process needs beside the reviews: an idle `serve` has a working set of about 60 MiB.</summary>
    public const long BaseReserve = 96L * 1024 * 1024;

    private readonly object _gate = new();
    private long _reserved;
    private int _inFlight;

    public long Capacity { get; }

    /// <param name="memoryLimitBytes">The container's memory limit.</param>
    /// <param name="maxBodyBytes">The largest body accepted: the capacity always admits one such review.</param>
    public ReviewBudget(long memoryLimitBytes, long maxBodyBytes)
    {
        Capacity = Math.Max(memoryLimitBytes - BaseReserve, CostOf(maxBodyBytes));
    }

    public long Reserved
    {
        get
        {
            lock (_gate) return _reserved;
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate) return _inFlight;
        }
    }

    public static long CostOf(long bodyBytes) => PerReviewOverhead + bodyBytes * Amplification;

    /// <returns>A lease to dispose when the review is answered, or null when the budget is spent.</returns>
    public Lease? TryReserve(long bodyBytes)
    {
        var cost = CostOf(bodyBytes);
        lock (_gate)
        {
            if (_reserved + cost > Capacity) return null;
            _reserved += cost;
            _inFlight++;
        }
        return new Lease(this, cost);
    }

    private void Release(long cost)
    {
        lock (_gate)
        {
            _reserved -= cost;
            _inFlight--;
        }
    }

    public sealed class Lease(ReviewBudget budget, long cost) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) budget.Release(cost);
        }
    }
}
