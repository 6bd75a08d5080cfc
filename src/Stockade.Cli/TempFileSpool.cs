using System.Text;
using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary>
/// Documents kept in a temporary file for the rules that need the whole input (see
/// <see cref="Profile.Needs"/>), bounded by a size limit. The file is created only when the first
/// document arrives and, on Unix, unlinked as soon as it is open, so nothing is left behind
/// whatever ends the process (exit, exception, SIGTERM, Ctrl-C, SIGKILL); on Windows the
/// handle deletes it on close.
/// </summary>
internal sealed class TempFileSpool(long maxBytes) : IDocumentSpool, IDisposable
{
    private FileStream? _file;
    private BinaryWriter? _writer;

    public ScanError? Overflow { get; private set; }

    public void Add(RawDocument document)
    {
        if (Overflow != null) return;
        var writer = _writer ??= new BinaryWriter(Open(), Encoding.UTF8, leaveOpen: true);
        var start = _file!.Position;
        writer.Write(document.File);
        writer.Write(document.Index);
        writer.Write(document.StartLine);
        writer.Write(document.StartColumn);
        writer.Write(document.PathPrefix);
        writer.Write(document.Length);
        var kind = document.Error != null ? 2 : document.JsonBytes != null ? 1 : 0;
        writer.Write((byte)kind);
        switch (kind)
        {
            case 2:
                writer.Write(document.Error!.Value.Position.Line);
                writer.Write(document.Error.Value.Position.Column);
                writer.Write(document.Error.Value.Message);
                break;
            case 1:
                writer.Write(document.JsonBytes!.Length);
                writer.Write(document.JsonBytes);
                break;
            default:
                writer.Write(document.Text ?? "");
                break;
        }
        if (_file.Position > maxBytes)
        {
            _file.SetLength(start);
            Overflow = new ScanError(document.File, document.StartLine, 1,
                $"the input is larger than the {maxBytes:N0}-byte spool (raise it with --max-spool-bytes)");
        }
    }

    public IEnumerable<RawDocument> Replay()
    {
        if (_file == null) yield break;
        _writer!.Flush();
        var end = _file.Position;
        _file.Position = 0;
        using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
        while (_file.Position < end)
        {
            var file = reader.ReadString();
            var index = reader.ReadInt32();
            var startLine = reader.ReadInt32();
            var startColumn = reader.ReadInt32();
            var pathPrefix = reader.ReadString();
            var length = reader.ReadInt64();
            switch (reader.ReadByte())
            {
                case 2:
                    var position = new SourcePosition(reader.ReadInt32(), reader.ReadInt32());
                    yield return new RawDocument { File = file, Index = index, StartLine = startLine, StartColumn = startColumn, PathPrefix = pathPrefix, Length = length, Error = new ParseError(position, reader.ReadString()) };
                    break;
                case 1:
                    yield return new RawDocument { File = file, Index = index, StartLine = startLine, StartColumn = startColumn, PathPrefix = pathPrefix, Length = length, JsonBytes = reader.ReadBytes(reader.ReadInt32()) };
                    break;
                default:
                    yield return new RawDocument { File = file, Index = index, StartLine = startLine, StartColumn = startColumn, PathPrefix = pathPrefix, Length = length, Text = reader.ReadString() };
                    break;
            }
        }
    }

    private FileStream Open() => _file = OpenUnlinked();

    /// <summary>
    /// A new temporary file, unlinked as soon as it is open (deleted on close on Windows), so it is
    /// gone whatever ends the process.
    /// </summary>
    public static FileStream OpenUnlinked()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stockade-spool-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
        if (!OperatingSystem.IsWindows()) File.Delete(path);
        return file;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
    }
}
