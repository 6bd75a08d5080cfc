using System.Buffers;
using System.Text.Json;

namespace Stockade.Webhook;

/// <summary>One line of the audit log: an admission decision, a refused request, or a gap (<see cref="AuditEntry.Gap"/>).</summary>
internal sealed record AuditEntry(
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
    IReadOnlyList<string>? AnnotationExemptions = null)
{
    /// <summary>The line written first once the file is writable again: how many lines are missing, since when, and why.</summary>
    public static AuditEntry Gap(DateTimeOffset now, long missing, DateTimeOffset since, string error) =>
        new(now, null, null, null, null, null, null, "audit-log", "gap", [], 0, false,
            $"{missing} audit line(s) could not be written since {Format(since)}: {error}");

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    // Quotes and non-ASCII stay readable in the file; the output is JSON, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the JSON line, newline included, to <paramref name="buffer"/> (the audit log's reused one: no copy per request).</summary>
    public void WriteTo(IBufferWriter<byte> buffer)
    {
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("time", Format(Time));
            w.WriteString("uid", Uid);
            w.WriteString("user", User);
            w.WriteString("namespace", Namespace);
            w.WriteString("kind", Kind);
            w.WriteString("name", Name);
            w.WriteString("operation", Operation);
            w.WriteString("route", Route);
            w.WriteString("verdict", Verdict);
            w.WriteStartArray("rules");
            foreach (var r in Rules) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteNumber("latencyMs", Math.Round(LatencyMs, 3));
            w.WriteBoolean("dryRun", DryRun);
            if (Message != null) w.WriteString("message", Message);
            if (AnnotationExemptions is { Count: > 0 } honoured)
            {
                // The exemptions an author's annotation was allowed to make (only in namespaces the configuration opts in).
                w.WriteStartArray("annotationExemptions");
                foreach (var h in honoured) w.WriteStringValue(h);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
    }
}
