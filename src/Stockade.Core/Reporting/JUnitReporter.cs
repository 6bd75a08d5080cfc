using System.Text;
using System.Xml;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Reporting;

/// <summary>
/// JUnit XML as CI dashboards (GitLab, Jenkins, Azure Pipelines) read it: a test suite per file,
/// a test case per object that fails when the object's verdict is fail, and a test case with an
/// error per problem that kept an input from being read.
/// </summary>
public sealed class JUnitReporter : IReporter
{
    public string Format => "junit";

    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        var suites = Suites(result);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };
        using (var w = XmlWriter.Create(output, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", ToolInfo.Name);
            w.WriteAttributeString("tests", suites.Sum(s => s.Tests).ToString());
            w.WriteAttributeString("failures", suites.Sum(s => s.Failures).ToString());
            w.WriteAttributeString("errors", suites.Sum(s => s.Errors.Count).ToString());
            foreach (var suite in suites) WriteSuite(w, suite, result.FailOn);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        output.WriteByte((byte)'\n');
    }

    private sealed record ObjectCase(ObjectResult Object, List<Finding> Findings);

    private sealed record Suite(string File, List<ObjectCase> Cases, List<ScanError> Errors)
    {
        public int Tests => Cases.Count + Errors.Count;
        public int Failures => Cases.Count(c => c.Object.Verdict == Verdict.Fail);
    }

    /// <summary>Files in the order the scan met them, each object with its own findings.</summary>
    private static List<Suite> Suites(ScanResult result)
    {
        var suites = new List<Suite>();
        var byFile = new Dictionary<string, Suite>(StringComparer.Ordinal);
        Suite SuiteOf(string file)
        {
            if (!byFile.TryGetValue(file, out var s))
            {
                byFile[file] = s = new Suite(file, new List<ObjectCase>(), new List<ScanError>());
                suites.Add(s);
            }
            return s;
        }
        foreach (var o in result.Objects) SuiteOf(o.File).Cases.Add(new ObjectCase(o, new List<Finding>()));
        foreach (var e in result.Errors) SuiteOf(e.File).Errors.Add(e);
        foreach (var f in result.Findings)
        {
            if (byFile.TryGetValue(f.File, out var suite) && OwnerOf(suite, f) is { } owner) owner.Findings.Add(f);
        }
        return suites;
    }

    /// <summary>
    /// The object a finding belongs to: the one with its identity, and of several with the same
    /// identity in one file (the same name written twice), the last that starts at or before it.
    /// </summary>
    private static ObjectCase? OwnerOf(Suite suite, Finding f)
    {
        ObjectCase? owner = null;
        foreach (var c in suite.Cases)
        {
            if (c.Object.Object != f.Object) continue;
            if (owner == null || c.Object.Line <= f.Line) owner = c;
        }
        return owner;
    }

    private static void WriteSuite(XmlWriter w, Suite suite, Severity? failOn)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", Clean(suite.File));
        w.WriteAttributeString("tests", suite.Tests.ToString());
        w.WriteAttributeString("failures", suite.Failures.ToString());
        w.WriteAttributeString("errors", suite.Errors.Count.ToString());
        w.WriteAttributeString("skipped", "0");
        foreach (var c in suite.Cases) WriteObjectCase(w, suite.File, c, failOn);
        foreach (var e in suite.Errors) WriteErrorCase(w, e);
        w.WriteEndElement();
    }

    private static void WriteObjectCase(XmlWriter w, string file, ObjectCase c, Severity? failOn)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", Clean(file));
        w.WriteAttributeString("name", Clean(CaseName(c.Object.Object)));
        var failing = c.Findings.Where(f => !f.Suppressed && failOn is { } t && f.Severity >= t).ToList();
        if (c.Object.Verdict == Verdict.Fail)
        {
            w.WriteStartElement("failure");
            if (failing.Count > 0)
            {
                var worst = failing.OrderByDescending(f => f.Severity).First();
                var summary = failing.Count == 1
                    ? worst.Message
                    : $"{failing.Count} findings at or above {failOn!.Value.Name()}, the most severe: {worst.Message}";
                w.WriteAttributeString("message", Clean(summary));
                w.WriteAttributeString("type", worst.Rule);
                w.WriteString(Clean(string.Join('\n', failing.Select(Line)) + "\n"));
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
            w.WriteElementString("system-out", Clean(string.Join('\n', rest.Select(Line)) + "\n"));
        }
        w.WriteEndElement();
    }

    private static void WriteErrorCase(XmlWriter w, ScanError e)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", Clean(e.File));
        w.WriteAttributeString("name", e.Line > 0 ? $"error at {e.Line}:{e.Column}" : "unreadable input");
        w.WriteStartElement("error");
        w.WriteAttributeString("message", Clean(e.Message));
        w.WriteAttributeString("type", "error");
        w.WriteString(Clean(e.Line > 0 ? $"{e.Line}:{e.Column} {e.Message}\n" : e.Message + "\n"));
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary><c>Kind/namespace/name</c>, the namespace left out when the object has none.</summary>
    public static string CaseName(ObjectRef o) => o.ToString();

    private static string Line(Finding f)
    {
        var line = $"{f.Line}:{f.Column} {f.Severity.Name()} {f.Rule} {f.Message}";
        return f.Suppressed ? $"{line} (suppressed: {f.SuppressionReason})" : line;
    }

    /// <summary>
    /// XML 1.0 cannot carry most control characters, even escaped, and manifests can hold them
    /// (names, annotation values echoed in messages): they are written as <c>\uXXXX</c> instead.
    /// </summary>
    public static string Clean(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var pair = char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var valid = pair || XmlConvert.IsXmlChar(ch);
            if (valid && sb == null)
            {
                if (pair) i++;
                continue;
            }
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            if (!valid) sb.Append($"\\u{(int)ch:X4}");
            else if (pair) sb.Append(ch).Append(text[++i]);
            else sb.Append(ch);
        }
        return sb?.ToString() ?? text;
    }
}
