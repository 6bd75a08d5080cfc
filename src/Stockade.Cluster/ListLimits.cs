namespace Stockade.Cluster;

/// <summary>
/// What one live audit may read, so a broken or hostile API server (an endless body, a continue
/// token that never ends, a server that stops answering) ends the audit with a clear message
/// instead of a hang or exhausted memory.
/// </summary>
internal sealed record ListLimits
{
    /// <summary>Objects per list request (the API server's <c>limit</c>).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Largest page size accepted: a page is held one item at a time, but its time and bytes grow with it.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>How long one page may take, from the request to its last byte; null: no limit.</summary>
    public TimeSpan? PageTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest single object (etcd stores at most about 1.5 MiB; the scan's document limit applies too).</summary>
    public long MaxItemBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest page body.</summary>
    public long MaxPageBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Objects read from one resource before the list is given up as endless.</summary>
    public int MaxObjectsPerResource { get; init; } = 1_000_000;

    /// <summary>
    /// Pages read from one resource: a server may return short pages, but not forever; by default
    /// twice the pages the object limit needs, and never fewer than 1,000.
    /// </summary>
    public int MaxPages => (int)Math.Min(int.MaxValue, Math.Max(1_000L, 2L * MaxObjectsPerResource / PageSize));
}
