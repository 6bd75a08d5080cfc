using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Stockade.Webhook;

/// <summary>
/// The decision log: one JSON line per request, written to the operating system (one
/// <c>pwrite</c>, no user-space buffer) before the response is sent. It never throws: a line
/// that cannot be written makes <see cref="TryWrite"/> return false, and the caller applies the
/// audit failure policy.
/// <para>Survives what operators do to log files: before each line it checks that FILE is still
/// the file it has open, so a file moved away (logrotate without <c>copytruncate</c>) or deleted
/// is closed and FILE created again; a file truncated in place (<c>copytruncate</c>) is written at
/// its new end, never past it. When FILE would pass <c>maxBytes</c> it is renamed <c>FILE.1</c>
/// (older ones shift up to <c>FILE.{keep}</c>); a rename that fails is logged and writing
/// continues in the same file. A failed write (disk full, permission removed) leaves no partial
/// line, and the first line written after it is a <c>gap</c> line saying how many are missing.</para>
/// </summary>
internal sealed class AuditLog : IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keep;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private SafeFileHandle? _handle;
    private DescriptorName? _openedAs;

    // The failure state: set by the first line that could not be written, cleared by the gap line.
    private string? _error;
    private DateTimeOffset _failingSince;
    private long _missing;

    /// <summary>Replaced by the host's logger once the host is built.</summary>
    public ILogger Logger { get; set; }

    public string Path => _path;

    /// <summary>Null while lines are written; otherwise why the last one was not.</summary>
    public string? Error
    {
        get
        {
            lock (_gate) return _error;
        }
    }

    /// <param name="path">FILE.</param>
    /// <param name="metrics">Counts failed writes and reopens.</param>
    /// <param name="logger">Until the host's logger replaces it.</param>
    /// <param name="time">The clock of the gap line (when the failure began, when it was written).</param>
    /// <param name="maxBytes">The size at which FILE is rotated.</param>
    /// <param name="keep">How many rotated files are kept.</param>
    public AuditLog(string path, WebhookMetrics metrics, ILogger logger, TimeProvider time, long maxBytes = 100L * 1024 * 1024, int keep = 5)
    {
        _time = time;
        _path = System.IO.Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _keep = Math.Max(1, keep);
        _metrics = metrics;
        Logger = logger;
        lock (_gate)
        {
            try
            {
                Open();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failed(e);
            }
        }
    }

    /// <returns>False when the line could not be written (the reason is <see cref="Error"/>).</returns>
    public bool TryWrite(AuditEntry entry)
    {
        // Serialized outside the lock into this thread's buffer (TryWrite is synchronous, so no other request shares it).
        var line = LineBuffer();
        entry.WriteTo(line);
        lock (_gate)
        {
            if (_error != null && !TryWriteGap()) return Missed();
            try
            {
                Append(line.WrittenSpan);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failed(e);
                return Missed();
            }
        }
    }

    /// <summary>When failing: tries to write the gap line now (the readiness probe calls this, so a replica out of the Service recovers).</summary>
    /// <returns>True when the log is writable.</returns>
    public bool TryRecover()
    {
        lock (_gate) return _error == null || TryWriteGap();
    }

    private bool Missed()
    {
        _missing++;
        _metrics.RecordAuditWriteFailure();
        return false;
    }

    private bool TryWriteGap()
    {
        try
        {
            var gap = new ArrayBufferWriter<byte>();
            AuditEntry.Gap(_time.GetUtcNow(), _missing, _failingSince, _error!).WriteTo(gap);
            Append(gap.WrittenSpan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _error = e.Message;
            Close();
            return false;
        }
        Logger.LogInformation("audit log {Path} is writable again; {Missing} line(s) missing, recorded as a gap line", _path, _missing);
        _error = null;
        _missing = 0;
        _metrics.AuditLogWritable = true;
        return true;
    }

    private void Failed(Exception e)
    {
        Close();
        if (_error == null)
        {
            _failingSince = _time.GetUtcNow();
            Logger.LogError("audit log {Path} cannot be written: {Error}", _path, e.Message);
        }
        _error = e.Message;
        _metrics.AuditLogWritable = false;
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_line;

    /// <summary>This thread's line buffer, emptied; one grown past 64 KiB (a huge message) is not kept.</summary>
    private static ArrayBufferWriter<byte> LineBuffer()
    {
        var line = t_line;
        if (line == null || line.Capacity > 64 * 1024) t_line = line = new ArrayBufferWriter<byte>(1024);
        else line.ResetWrittenCount();
        return line;
    }

    private void Append(ReadOnlySpan<byte> line)
    {
        if (_handle == null || !StillAtPath()) Reopen();
        var length = RandomAccess.GetLength(_handle!);
        if (length > 0 && length + line.Length > _maxBytes)
        {
            Rotate();
            length = RandomAccess.GetLength(_handle!);
        }
        try
        {
            // At the file's current end, read each time: after copytruncate that is 0, not our old offset.
            RandomAccess.Write(_handle!, line, length);
        }
        catch (IOException)
        {
            // No half line stays behind (a full disk may take part of it); the gap line records the loss.
            try
            {
                RandomAccess.SetLength(_handle!, length);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }

    private void Reopen()
    {
        var moved = _handle != null;
        Close();
        Open();
        if (moved)
        {
            _metrics.RecordAuditLogReopen();
            Logger.LogWarning("audit log {Path} was moved or deleted; writing to a new file", _path);
        }
    }

    private void Open()
    {
        _handle = File.OpenHandle(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _openedAs = LinkTarget(_handle);
    }

    /// <summary>
    /// Whether FILE is still the file we write. On Linux the kernel's name for our descriptor
    /// (<c>/proc/self/fd/N</c>) changes when the file is renamed and gains " (deleted)" when it
    /// is unlinked, so one <c>readlink</c> into a reused buffer answers it (this runs before every
    /// line, under the lock: a stat of FILE and a string per line cost the webhook a fifth of its
    /// throughput); elsewhere a file of another size at FILE means another file.
    /// </summary>
    private bool StillAtPath()
    {
        if (_openedAs != null) return _openedAs.IsStill();
        if (!File.Exists(_path)) return false;
        return RandomAccess.GetLength(_handle!) == new FileInfo(_path).Length;
    }

    private static DescriptorName? LinkTarget(SafeFileHandle handle) => OperatingSystem.IsLinux() ? DescriptorName.Of(handle) : null;

    private void Rotate()
    {
        Close();
        for (var i = _keep - 1; i >= 0; i--)
        {
            var from = i == 0 ? _path : $"{_path}.{i}";
            try
            {
                if (File.Exists(from)) File.Move(from, $"{_path}.{i + 1}", overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Keep writing (to the same file if it could not be renamed): a line matters more than the size bound.
                Logger.LogWarning("audit log rotation: cannot rename {From}: {Error}", from, e.Message);
            }
        }
        Open();
    }

    private void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    public void Dispose()
    {
        lock (_gate) Close();
    }
}

/// <summary>
/// The name Linux gives an open descriptor (<c>readlink /proc/self/fd/N</c>), read without
/// allocating: the bytes at open, compared with the bytes now.
/// </summary>
internal sealed class DescriptorName
{
    private readonly byte[] _link;
    private readonly byte[] _name;
    private readonly byte[] _buffer = new byte[4096];

    private DescriptorName(byte[] link, byte[] name)
    {
        _link = link;
        _name = name;
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern nint readlink(byte[] path, byte[] buffer, nint size);

    /// <summary>The descriptor's name now; null when it cannot be read (then the size check is used).</summary>
    public static DescriptorName? Of(SafeFileHandle handle)
    {
        var link = System.Text.Encoding.ASCII.GetBytes($"/proc/self/fd/{handle.DangerousGetHandle()}\0");
        var probe = new DescriptorName(link, []);
        var n = probe.Read();
        return n > 0 ? new DescriptorName(link, probe._buffer.AsSpan(0, n).ToArray()) : null;
    }

    /// <summary>Whether the descriptor still has the name it had at open (not renamed, not deleted).</summary>
    public bool IsStill()
    {
        var n = Read();
        return n > 0 && _buffer.AsSpan(0, n).SequenceEqual(_name);
    }

    // The name's length in the buffer; 0 when it cannot be read or does not fit.
    private int Read()
    {
        var n = readlink(_link, _buffer, _buffer.Length);
        return n > 0 && n < _buffer.Length ? (int)n : 0;
    }
}
