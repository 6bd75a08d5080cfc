using System.Globalization;
using System.Text;
using System.Xml;
using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>
/// The JUnit report, gathered as the scan runs and written at its end. A test suite's counts are
/// attributes written before its test cases, and an object's verdict can still be failed by a
/// cross-object finding at the end, so nothing can be written early. What is kept is one compact
/// record per object — its verdict, the most severe failing finding's rule and message, and the
/// finding lines already rendered — never the findings themselves: memory grows with the text
/// the report will hold, not with the findings' trees, positions and object references.
/// </summary>
internal sealed class JUnitSink : IReportSink
{
    private readonly Stream _output;
    private readonly Severity? _failOn;
    private readonly SummaryCounter _counts;
    private readonly List<Suite> _suites = new();
    private readonly Dictionary<string, Suite> _byFile = new(StringComparer.Ordinal);
    // In input order, as the counter's ledger indexes them.
    private readonly List<ObjectCase> _cases = new();

    public JUnitSink(Stream output, Severity? failOn)
    {
        _output = output;
        _failOn = failOn;
        _counts = new SummaryCounter(failOn);
    }

    public RunOutcome Outcome => _counts.Outcome;

    public void Add(DocumentOutcome outcome)
    {
        _counts.Add(outcome.Objects, outcome.Findings, outcome.Errors.Count, outcome.Notes.Count);
        foreach (var o in outcome.Objects)
        {
            var c = new ObjectCase(o);
            _cases.Add(c);
            SuiteOf(o.File).Cases.Add(c);
        }
        foreach (var e in outcome.Errors) SuiteOf(e.File).Errors.Add(e);
        foreach (var f in outcome.Findings) Place(f);
    }

    public void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount)
    {
        foreach (var chunk in crossObjectFindings.Chunk(10_000))
        {
            foreach (var i in _counts.AddCrossObject(chunk)) _cases[i].Verdict = Verdict.Fail;
            foreach (var f in chunk) Place(f);
        }
        var summary = _counts.ToSummary(fileCount, 0);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };
        using (var w = XmlWriter.Create(_output, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", ToolInfo.Name);
            // The shared summary: a test per object and per error, a failure per failed object.
            w.WriteAttributeString("tests", (summary.Objects + summary.Errors).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", summary.Failed.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("errors", summary.Errors.ToString(CultureInfo.InvariantCulture));
            foreach (var suite in _suites) WriteSuite(w, suite);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        _output.WriteByte((byte)'\n');
        _output.Flush();
    }

    /// <summary>One object's test case as it will be written: its verdict and its findings' lines.</summary>
    private sealed class ObjectCase(ObjectResult o)
    {
        public string File { get; } = o.File;
        public string Name { get; } = JUnitReporter.CaseName(o.Object);
        public Verdict Verdict { get; set; } = o.Verdict;
        public int FailingCount { get; set; }
        public (Severity Severity, string Rule, string Message)? Worst { get; set; }
        public StringBuilder? FailingLines { get; set; }
        public StringBuilder? OtherLines { get; set; }
    }

    private sealed class Suite(string file)
    {
        public string File { get; } = file;
        public List<ObjectCase> Cases { get; } = new();
        public List<ScanError> Errors { get; } = new();
        public StringBuilder? Unowned { get; set; }
        public int Tests => Cases.Count + Errors.Count;
        public int Failures => Cases.Count(c => c.Verdict == Verdict.Fail);
    }

    /// <summary>Files in the order the scan met them.</summary>
    private Suite SuiteOf(string file)
    {
        if (!_byFile.TryGetValue(file, out var s))
        {
            _byFile[file] = s = new Suite(file);
            _suites.Add(s);
        }
        return s;
    }

    /// <summary>A finding listed where it failed an object: the owner the verdicts are settled with.</summary>
    private void Place(Finding f)
    {
        if (_counts.OwnerOf(f) is not { } owner)
        {
            var suite = SuiteOf(f.File);
            AppendLine(suite.Unowned ??= new StringBuilder(), f);
            return;
        }
        var c = _cases[owner];
        if (!Verdicts.Fails(f, _failOn))
        {
            AppendLine(c.OtherLines ??= new StringBuilder(), f);
            return;
        }
        c.FailingCount++;
        // The first of the most severe, as a stable sort by severity would pick it.
        if (c.Worst is not { } worst || f.Severity > worst.Severity) c.Worst = (f.Severity, f.Rule, f.Message);
        AppendLine(c.FailingLines ??= new StringBuilder(), f);
    }

    private void WriteSuite(XmlWriter w, Suite suite)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", SafeText.Xml(suite.File));
        w.WriteAttributeString("tests", suite.Tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", suite.Failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", suite.Errors.Count.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("skipped", "0");
        foreach (var c in suite.Cases) WriteObjectCase(w, c);
        foreach (var e in suite.Errors) WriteErrorCase(w, e);
        // Never dropped: a finding no scanned object carries (none is expected) is still shown.
        if (suite.Unowned != null) w.WriteElementString("system-out", suite.Unowned.ToString());
        w.WriteEndElement();
    }

    private void WriteObjectCase(XmlWriter w, ObjectCase c)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", SafeText.Xml(c.File));
        w.WriteAttributeString("name", SafeText.Xml(c.Name));
        if (c.Verdict == Verdict.Fail)
        {
            w.WriteStartElement("failure");
            if (c.Worst is { } worst)
            {
                var summary = c.FailingCount == 1
                    ? worst.Message
                    : $"{c.FailingCount} findings at or above {_failOn!.Value.Name()}, the most severe: {worst.Message}";
                w.WriteAttributeString("message", SafeText.Xml(summary));
                w.WriteAttributeString("type", SafeText.Xml(worst.Rule));
                w.WriteString(c.FailingLines!.ToString());
            }
            else
            {
                // Failed without findings: the API server would reject it; its errors are their own test cases.
                w.WriteAttributeString("message", "the API server would reject this object (see the errors of this file)");
                w.WriteAttributeString("type", "invalid-object");
            }
            w.WriteEndElement();
        }
        if (c.OtherLines != null) w.WriteElementString("system-out", c.OtherLines.ToString());
        w.WriteEndElement();
    }

    private static void WriteErrorCase(XmlWriter w, ScanError e)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", SafeText.Xml(e.File));
        w.WriteAttributeString("name", e.Line > 0 ? $"error at {e.Line}:{e.Column}" : "unreadable input");
        w.WriteStartElement("error");
        w.WriteAttributeString("message", SafeText.Xml(e.Message));
        w.WriteAttributeString("type", "error");
        w.WriteString(SafeText.Xml(e.Line > 0 ? $"{e.Line}:{e.Column} {e.Message}" : e.Message) + "\n");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>One line per finding, made safe on its own, so a line break in a name cannot fake a line.</summary>
    private static void AppendLine(StringBuilder lines, Finding f)
    {
        var line = $"{f.Line}:{f.Column} {f.Severity.Name()} {f.Rule} {f.Message}";
        lines.Append(SafeText.Xml(f.Suppressed ? $"{line} (suppressed: {f.SuppressionReason})" : line)).Append('\n');
    }
}
