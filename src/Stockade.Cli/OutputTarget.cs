namespace Stockade.Cli;

/// <summary>
/// Where a command writes what it produces: standard output, or <c>-o FILE</c>. A file is written
/// to a temporary file in the same folder and renamed over FILE once complete, so a run that is
/// killed or fails never leaves a truncated report and leaves a previous one untouched. A write
/// that fails (a full disk) is an <see cref="OutputException"/>, which the command line turns into
/// a message and exit code 2.
/// </summary>
internal static class OutputTarget
{
    /// <summary>Runs <paramref name="write"/> against the output and returns its exit code.</summary>
    public static int Write(string? path, Stream stdout, Func<Stream, int> write)
    {
        if (path == null)
        {
            var code = Run(write, stdout);
            stdout.Flush();
            return code;
        }
        if (Directory.Exists(path)) throw new OutputException(path, new IOException("it is a folder"));
        var target = FinalTarget(path);
        if (InPlace(path, target) is { } special)
        {
            using (special)
            {
                var guarded = new GuardedStream(special, path);
                var code = Run(write, guarded);
                guarded.Flush();
                return code;
            }
        }
        return WriteAndRename(path, target, write);
    }

    private static int WriteAndRename(string path, string target, Func<Stream, int> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            int code;
            using (var file = Guard(path, () => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024)))
            {
                var guarded = new GuardedStream(file, path);
                code = Run(write, guarded);
                guarded.Flush();
                Guard(path, () => { file.Flush(flushToDisk: true); return 0; });
            }
            Guard(path, () =>
            {
                // A replaced report keeps its permissions.
                if (!OperatingSystem.IsWindows() && File.Exists(target)) File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
                File.Move(temp, target, overwrite: true);
                return 0;
            });
            return code;
        }
        finally
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing more can be done; the report itself was not touched.
            }
        }
    }

    /// <summary>
    /// FILE itself, opened for writing in place, when renaming over it would be wrong: a device
    /// (<c>/dev/stdout</c>, <c>/dev/null</c>) or a named pipe, which a reader expects to be written to.
    /// Null for a regular file, which is replaced by rename.
    /// </summary>
    private static FileStream? InPlace(string path, string target)
    {
        // Never a file created under /dev or /proc: /dev/stdout resolves to a pipe or terminal there.
        var device = IsDevicePath(path) || IsDevicePath(target);
        if (!device && !File.Exists(target)) return null;
        // FileMode.Open neither creates nor truncates: a regular file is left as it is if it turns out to be one.
        var stream = Guard(path, () => new FileStream(device ? path : target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite));
        if (device || !stream.CanSeek) return stream;
        stream.Dispose();
        return null;
    }

    private static bool IsDevicePath(string p) =>
        Path.GetFullPath(p) is var full && (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal));

    /// <summary>The file a path names, through any symbolic links, so a link to a report keeps pointing at it.</summary>
    private static string FinalTarget(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    /// <summary>
    /// Runs the writer; a write failure on a worker thread (the text report is written as the
    /// scan's workers finish documents) arrives wrapped, and is unwrapped to be reported as one.
    /// </summary>
    private static int Run(Func<Stream, int> write, Stream output)
    {
        try
        {
            return write(output);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<OutputException>().FirstOrDefault() is { } failed)
        {
            throw failed;
        }
    }

    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(path, e);
        }
    }
}

/// <summary>The output (standard output or <c>-o FILE</c>) could not be written.</summary>
internal sealed class OutputException(string target, Exception inner) : Exception($"cannot write {target}: {inner.Message}", inner)
{
    public string Target { get; } = target;
}

/// <summary>
/// A stream whose write failures are <see cref="OutputException"/>s, so a full disk on the output
/// is told apart from a problem reading an input (which the scan reports as an error of its own).
/// </summary>
internal sealed class GuardedStream(Stream inner, string name) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e)
        {
            throw new OutputException(name, e);
        }
    }

    public override void WriteByte(byte value) => Guard(() => inner.WriteByte(value));
    public override void Flush() => Guard(inner.Flush);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (IOException e)
        {
            throw new OutputException(name, e);
        }
    }
}
