namespace Stockade.Cli;

/// <summary>
/// Standard input that can be read more than once (a first pass, then the scan): the first open
/// spools it to a temporary file, so memory stays bounded however large the stream is.
/// </summary>
public sealed class ReplayableStdin(Func<Stream> stdin) : IDisposable
{
    private string? _spool;

    public Stream Open()
    {
        if (_spool == null)
        {
            _spool = Path.GetTempFileName();
            using var source = stdin();
            using var target = new FileStream(_spool, FileMode.Create, FileAccess.Write);
            source.CopyTo(target);
        }
        return new FileStream(_spool, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
    }

    public void Dispose()
    {
        if (_spool != null) File.Delete(_spool);
    }
}
