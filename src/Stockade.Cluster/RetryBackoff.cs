namespace Stockade.Cluster;

/// <summary>The wait between failed reads of the API server: 250 ms, doubling to 30 s, back to 250 ms after a success.</summary>
internal sealed class RetryBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);
    private TimeSpan _next = First;

    public void Reset() => _next = First;

    /// <summary>Waits the current delay and doubles it; false when <paramref name="ct"/> ended the wait.</summary>
    public async Task<bool> Wait(CancellationToken ct)
    {
        try
        {
            await Task.Delay(_next, ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Longest.Ticks));
        return true;
    }
}
