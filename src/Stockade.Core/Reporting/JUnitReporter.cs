using System.Globalization;
using System.Text;
using System.Xml;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Reporting;

/// <summary>
/// JUnit XML as CI dashboards (GitLab, Jenkins, Azure Pipelines) read it: a test suite per file,
/// a test case per object that fails when the object's verdict is fail, and a test case with an
/// error per problem that kept an input from being read. Text from the manifests is
/// <see cref="SafeText.Xml"/>: XML 1.0 cannot carry most control characters even escaped.
/// </summary>
public sealed class JUnitReporter : IReporter
{
    public string Format => "junit";

    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        var suites = Suites(result);
        var summary = result.Summary;
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };
        using (var w = XmlWriter.Create(output, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", ToolInfo.Name);
            // The shared summary: a test per object and per error, a failure per failed object.
            w.WriteAttributeString("tests", (summary.Objects + summary.Errors).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("failures", summary.Failed.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("errors", summary.Errors.ToString(CultureInfo.InvariantCulture));
            foreach (var suite in suites) WriteSuite(w, suite, result.FailOn);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        output.WriteByte((byte)'\n');
    }

    private sealed record ObjectCase(ObjectResult Object, List<Finding> Findings);

    private sealed record Suite(string File, List<ObjectCase> Cases, List<ScanError> Errors, List<Finding> Unowned)
    {
        public int Tests => Cases.Count + Errors.Count;
        public int Failures => Cases.Count(c => c.Object.Verdict == Verdict.Fail);
    }

    /// <summary>Files in the order the scan met them, each object with the findings reported on it.</summary>
    private static List<Suite> Suites(ScanResult result)
    {
        var suites = new List<Suite>();
        var byFile = new Dictionary<string, Suite>(StringComparer.Ordinal);
        Suite SuiteOf(string file)
        {
            if (!byFile.TryGetValue(file, out var s))
            {
                byFile[file] = s = new Suite(file, new List<ObjectCase>(), new List<ScanError>(), new List<Finding>());
                suites.Add(s);
            }
            return s;
        }
        var cases = new List<ObjectCase>(result.Objects.Count);
        foreach (var o in result.Objects)
        {
            var c = new ObjectCase(o, new List<Finding>());
            cases.Add(c);
            SuiteOf(o.File).Cases.Add(c);
        }
        foreach (var e in result.Errors) SuiteOf(e.File).Errors.Add(e);
        // The same owner the verdicts were settled with, so a finding is listed where it failed an object.
        var ledger = ObjectLedger.Of(result.Objects);
        foreach (var f in result.Findings)
        {
            if (ledger.OwnerOf(f) is { } owner) cases[owner].Findings.Add(f);
            else SuiteOf(f.File).Unowned.Add(f);
        }
        return suites;
    }

    private static void WriteSuite(XmlWriter w, Suite suite, Severity? failOn)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", SafeText.Xml(suite.File));
        w.WriteAttributeString("tests", suite.Tests.ToString());
        w.WriteAttributeString("failures", suite.Failures.ToString());
        w.WriteAttributeString("errors", suite.Errors.Count.ToString());
        w.WriteAttributeString("skipped", "0");
        foreach (var c in suite.Cases) WriteObjectCase(w, suite.File, c, failOn);
        foreach (var e in suite.Errors) WriteErrorCase(w, e);
        // Never dropped: a finding no scanned object carries (none is expected) is still shown.
        if (suite.Unowned.Count > 0) w.WriteElementString("system-out", Lines(suite.Unowned));
        w.WriteEndElement();
    }

    private static void WriteObjectCase(XmlWriter w, string file, ObjectCase c, Severity? failOn)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", SafeText.Xml(file));
        w.WriteAttributeString("name", SafeText.Xml(CaseName(c.Object.Object)));
        var failing = c.Findings.Where(f => Verdicts.Fails(f, failOn)).ToList();
        if (c.Object.Verdict == Verdict.Fail)
        {
            w.WriteStartElement("failure");
            if (failing.Count > 0)
            {
                var worst = failing.OrderByDescending(f => f.Severity).First();
                var summary = failing.Count == 1
                    ? worst.Message
                    : $"{failing.Count} findings at or above {failOn!.Value.Name()}, the most severe: {worst.Message}";
                w.WriteAttributeString("message", SafeText.Xml(summary));
                w.WriteAttributeString("type", SafeText.Xml(worst.Rule));
                w.WriteString(Lines(failing));
            }
            else
            {
                // Failed without findings: the API server would reject it; its errors are their own test cases.
                w.WriteAttributeString("message", "the API server would reject this object (see the errors of this file)");
                w.WriteAttributeString("type", "invalid-object");
            }
            w.WriteEndElement();
        }
        var rest = c.Findings.Except(failing).ToList();
        if (rest.Count > 0)
        {
            w.WriteElementString("system-out", Lines(rest));
        }
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

    /// <summary><c>Kind/namespace/name</c>, the namespace left out when the object has none.</summary>
    public static string CaseName(ObjectRef o) => o.ToString();

    /// <summary>One line per finding; each line's text made safe on its own, so a line break in a name cannot fake a line.</summary>
    private static string Lines(IEnumerable<Finding> findings) => string.Concat(findings.Select(f => SafeText.Xml(Line(f)) + "\n"));

    private static string Line(Finding f)
    {
        var line = $"{f.Line}:{f.Column} {f.Severity.Name()} {f.Rule} {f.Message}";
        return f.Suppressed ? $"{line} (suppressed: {f.SuppressionReason})" : line;
    }
}
