using System.Text.Json;
using Stockade.Baselines;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Reporting;

/// <summary>
/// The JSON report written as the scan runs: each finding goes to the stream as its document's
/// outcome arrives, so memory does not grow with the findings. The object verdicts (which the
/// cross-object findings at the end may still fail), the errors and the notes are kept as compact
/// records and written after the findings, then the profile (known for certain only at the end)
/// and the summary last, counted as every format counts it.
/// </summary>
internal sealed class JsonSink : StreamedJsonSink
{
    private readonly Utf8JsonWriter _w;
    private readonly List<ObjectResult> _objects = new();
    private readonly Func<string> _profileName;
    private readonly Func<IReadOnlyList<BaselineEntry>>? _baselineFixed;
    private readonly string? _baselineFile;

    /// <summary>Starts the report.</summary>
    /// <param name="output">Where the report goes.</param>
    /// <param name="options">As for any report.</param>
    /// <param name="profileName">Asked for at the end: a scan that adds rules after the read names its profile only then.</param>
    /// <param name="failOn">The threshold objects fail at.</param>
    /// <param name="baselineFixed">With a baseline: its entries no finding matched (fixed), asked for at the end.</param>
    /// <param name="baselineFile">The baseline's file as reported.</param>
    public JsonSink(Stream output, ReportOptions options, Func<string> profileName, Severity? failOn,
        Func<IReadOnlyList<BaselineEntry>>? baselineFixed = null, string? baselineFile = null)
        : base(output, options, failOn)
    {
        _profileName = profileName;
        _baselineFixed = baselineFixed;
        _baselineFile = baselineFile;
        _w = Writer;
        _w.WriteStartObject();
        _w.WriteStartObject("tool");
        _w.WriteString("name", ToolInfo.Name);
        _w.WriteString("version", options.ToolVersion);
        _w.WriteEndObject();
        _w.WriteStartArray("findings");
    }

    protected override void OnObjects(IReadOnlyList<ObjectResult> objects) => _objects.AddRange(objects);

    protected override void OnObjectsFailed(List<int> indexes)
    {
        foreach (var i in indexes) _objects[i] = _objects[i] with { Verdict = Verdict.Fail };
    }

    public override void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount)
    {
        WriteCrossObject(crossObjectFindings);
        _w.WriteEndArray();

        _w.WriteStartArray("objects");
        foreach (var o in _objects)
        {
            _w.WriteStartObject();
            _w.WriteString("file", o.File);
            _w.WriteNumber("line", o.Line);
            WriteRef(o.Object);
            _w.WriteString("verdict", o.Verdict == Verdict.Pass ? "pass" : "fail");
            _w.WriteEndObject();
            FlushIfFull();
        }
        _w.WriteEndArray();

        _w.WriteStartArray("errors");
        foreach (var e in Errors) WriteLocated(e.File, e.Line, e.Column, e.Message);
        _w.WriteEndArray();

        _w.WriteStartArray("notes");
        foreach (var n in Notes) WriteLocated(n.File, n.Line, n.Column, n.Message);
        _w.WriteEndArray();

        // The baseline's entries no finding matched any more (fixed); present only with a baseline.
        var fixedEntries = _baselineFixed?.Invoke();
        if (fixedEntries != null)
        {
            _w.WriteStartObject("baseline");
            _w.WriteString("file", _baselineFile);
            _w.WriteStartArray("fixed");
            foreach (var e in fixedEntries) BaselineFile.WriteEntry(_w, e);
            _w.WriteEndArray();
            _w.WriteEndObject();
        }

        _w.WriteString("profile", _profileName());
        SummaryJson.Write(_w, "summary", Counts.ToSummary(fileCount, fixedEntries?.Count ?? 0));
        _w.WriteEndObject();
        Finish();
    }

    protected override void WriteFinding(Finding f)
    {
        var w = _w;
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
        if (f.Binding != null) w.WriteString("binding", f.Binding);
        w.WriteStartObject("object");
        WriteRef(f.Object);
        w.WriteEndObject();
        w.WriteBoolean("suppressed", f.Suppressed);
        if (f.Suppressed) w.WriteString("suppressionKind", f.SuppressionKind.Name());
        if (f.SuppressionReason != null) w.WriteString("suppressionReason", f.SuppressionReason);
        w.WriteEndObject();
    }

    private void WriteRef(ObjectRef r)
    {
        _w.WriteString("apiVersion", r.ApiVersion);
        _w.WriteString("kind", r.Kind);
        if (r.Namespace != null) _w.WriteString("namespace", r.Namespace); else _w.WriteNull("namespace");
        if (r.Name != null) _w.WriteString("name", r.Name); else _w.WriteNull("name");
    }

    private void WriteLocated(string file, int line, int column, string message)
    {
        _w.WriteStartObject();
        _w.WriteString("file", file);
        _w.WriteNumber("line", line);
        _w.WriteNumber("column", column);
        _w.WriteString("message", message);
        _w.WriteEndObject();
    }
}
