using System.Text.Json;

namespace Stockade.Webhook;

/// <summary>One admission decision, as written to the audit log.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string? Uid,
    string? User,
    string? Namespace,
    string? Kind,
    string? Name,
    string? Operation,
    string Route,
    string Verdict,
    IReadOnlyList<string> Rules,
    double LatencyMs,
    bool DryRun,
    string? Message,
    IReadOnlyList<string>? AnnotationExemptions = null);

/// <summary>
/// The decision log: one JSON line per AdmissionReview, written and flushed to the operating
/// system before the response is sent, so a decision the API server acted on is never missing.
/// When the file passes <c>maxBytes</c> it is renamed to <c>FILE.1</c> (older ones shift up to
/// <c>FILE.{keep}</c>) and a new file started.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keep;
    private readonly object _gate = new();
    private FileStream _stream;

    public AuditLog(string path, long maxBytes = 100L * 1024 * 1024, int keep = 5)
    {
        _path = path;
        _maxBytes = maxBytes;
        _keep = Math.Max(1, keep);
        _stream = Open();
    }

    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read);

    public void Write(AuditEntry entry)
    {
        var line = Serialize(entry);
        lock (_gate)
        {
            if (_stream.Length > 0 && _stream.Length + line.Length > _maxBytes) Rotate();
            _stream.Write(line);
            _stream.Flush();
        }
    }

    private void Rotate()
    {
        _stream.Dispose();
        for (var i = _keep - 1; i >= 1; i--)
        {
            var from = $"{_path}.{i}";
            if (File.Exists(from)) File.Move(from, $"{_path}.{i + 1}", overwrite: true);
        }
        File.Move(_path, $"{_path}.1", overwrite: true);
        _stream = Open();
    }

    // Quotes and non-ASCII stay readable in the file; the output is JSON, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(AuditEntry e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("uid", e.Uid);
            w.WriteString("user", e.User);
            w.WriteString("namespace", e.Namespace);
            w.WriteString("kind", e.Kind);
            w.WriteString("name", e.Name);
            w.WriteString("operation", e.Operation);
            w.WriteString("route", e.Route);
            w.WriteString("verdict", e.Verdict);
            w.WriteStartArray("rules");
            foreach (var r in e.Rules) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteNumber("latencyMs", Math.Round(e.LatencyMs, 3));
            w.WriteBoolean("dryRun", e.DryRun);
            if (e.Message != null) w.WriteString("message", e.Message);
            if (e.AnnotationExemptions is { Count: > 0 } honoured)
            {
                w.WriteStartArray("annotationExemptions");
                foreach (var h in honoured) w.WriteStringValue(h);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public void Dispose()
    {
        lock (_gate) _stream.Dispose();
    }
}
