using System.Text.Json;
using Stockade.Baselines;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Reporting;

/// <summary>
/// The JSON contract documented in docs/output-formats.md. Fields are only ever added, never
/// renamed or removed.
/// </summary>
public sealed class JsonReporter : IReporter
{
    public string Format => "json";

    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ReportJsonEncoder.Instance });
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", options.ToolVersion);
        w.WriteEndObject();
        w.WriteString("profile", result.ProfileName);

        w.WriteStartArray("objects");
        foreach (var o in result.Objects)
        {
            w.WriteStartObject();
            w.WriteString("file", o.File);
            w.WriteNumber("line", o.Line);
            WriteRef(w, o.Object);
            w.WriteString("verdict", o.Verdict == Verdict.Pass ? "pass" : "fail");
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("findings");
        foreach (var f in result.Findings)
        {
            w.WriteStartObject();
            w.WriteString("rule", f.Rule);
            w.WriteString("severity", f.Severity.Name());
            w.WriteString("message", f.Message);
            w.WriteString("file", f.File);
            if (f.Source != null) w.WriteString("source", f.Source);
            w.WriteNumber("line", f.Line);
            w.WriteNumber("column", f.Column);
            w.WriteString("path", f.Path);
            if (f.Container != null) w.WriteString("container", f.Container);
            else w.WriteNull("container");
            if (f.Control != null) w.WriteString("control", f.Control);
            if (f.Policy != null) w.WriteString("policy", f.Policy);
            w.WriteStartObject("object");
            WriteRef(w, f.Object);
            w.WriteEndObject();
            w.WriteBoolean("suppressed", f.Suppressed);
            if (f.Suppressed) w.WriteString("suppressionKind", f.SuppressionKind.Name());
            if (f.SuppressionReason != null) w.WriteString("suppressionReason", f.SuppressionReason);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("errors");
        foreach (var e in result.Errors) WriteLocated(w, e.File, e.Line, e.Column, e.Message);
        w.WriteEndArray();

        w.WriteStartArray("notes");
        foreach (var n in result.Notes) WriteLocated(w, n.File, n.Line, n.Column, n.Message);
        w.WriteEndArray();

        // The baseline's entries no finding matched any more (fixed); present only with a baseline.
        if (result.Baseline != null)
        {
            w.WriteStartObject("baseline");
            w.WriteString("file", result.Baseline);
            w.WriteStartArray("fixed");
            foreach (var e in result.BaselineFixed) BaselineFile.WriteEntry(w, e);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        SummaryJson.Write(w, "summary", result.Summary);
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteRef(Utf8JsonWriter w, ObjectRef r)
    {
        w.WriteString("apiVersion", r.ApiVersion);
        w.WriteString("kind", r.Kind);
        if (r.Namespace != null) w.WriteString("namespace", r.Namespace); else w.WriteNull("namespace");
        if (r.Name != null) w.WriteString("name", r.Name); else w.WriteNull("name");
    }

    private static void WriteLocated(Utf8JsonWriter w, string file, int line, int column, string message)
    {
        w.WriteStartObject();
        w.WriteString("file", file);
        w.WriteNumber("line", line);
        w.WriteNumber("column", column);
        w.WriteString("message", message);
        w.WriteEndObject();
    }
}
