using System.Text.Json;
using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>
/// What the JSON and SARIF reports share: findings written to the stream as each document's
/// outcome arrives (flushed past a bound, so memory stays flat), the errors and notes kept as
/// compact records for the end, the cross-object findings written in chunks, and the one summary
/// count every format uses.
/// </summary>
internal abstract class StreamedJsonSink : IReportSink
{
    // Utf8JsonWriter keeps what it writes until it is flushed; flushing past this bound keeps memory flat.
    private const int FlushBytes = 64 * 1024;

    private readonly Stream _output;
    private readonly bool _flushEachDocument;

    protected StreamedJsonSink(Stream output, ReportOptions options, Severity? failOn)
    {
        _output = output;
        _flushEachDocument = options.FlushEachDocument;
        Counts = new SummaryCounter(failOn);
        Writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ReportJsonEncoder.Instance });
    }

    protected Utf8JsonWriter Writer { get; }
    protected SummaryCounter Counts { get; }
    protected List<ScanError> Errors { get; } = new();
    protected List<ScanNote> Notes { get; } = new();

    public RunOutcome Outcome => Counts.Outcome;

    public void Add(DocumentOutcome outcome)
    {
        Counts.Add(outcome.Objects, outcome.Findings, outcome.Errors.Count, outcome.Notes.Count);
        Errors.AddRange(outcome.Errors);
        Notes.AddRange(outcome.Notes);
        OnObjects(outcome.Objects);
        foreach (var f in outcome.Findings) WriteFinding(f);
        if (_flushEachDocument) Writer.Flush();
        else FlushIfFull();
    }

    public abstract void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount);

    /// <summary>One finding, as the format writes it.</summary>
    protected abstract void WriteFinding(Finding f);

    /// <summary>A document's object verdicts, for a format that lists them at the end.</summary>
    protected virtual void OnObjects(IReadOnlyList<ObjectResult> objects) { }

    /// <summary>The objects (indexes in arrival order) a cross-object finding failed.</summary>
    protected virtual void OnObjectsFailed(List<int> indexes) { }

    /// <summary>The findings over everything scanned together, counted and written after the others.</summary>
    protected void WriteCrossObject(IEnumerable<Finding> crossObjectFindings)
    {
        // In chunks: the late findings can be as many as the pods (read back from a spill file).
        foreach (var chunk in crossObjectFindings.Chunk(10_000))
        {
            OnObjectsFailed(Counts.AddCrossObject(chunk));
            foreach (var f in chunk) WriteFinding(f);
            FlushIfFull();
        }
    }

    protected void FlushIfFull()
    {
        if (Writer.BytesPending > FlushBytes) Writer.Flush();
    }

    /// <summary>Ends the report: the writer flushed and closed, a final newline.</summary>
    protected void Finish()
    {
        Writer.Flush();
        Writer.Dispose();
        _output.WriteByte((byte)'\n');
        _output.Flush();
    }
}
