using System.Text.Json;
using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>The <see cref="Summary"/> as a JSON object: <c>summary</c> in the JSON report, <c>runs[0].properties.summary</c> in SARIF.</summary>
internal static class SummaryJson
{
    public static void Write(Utf8JsonWriter w, string name, Summary s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("files", s.Files);
        w.WriteNumber("objects", s.Objects);
        w.WriteNumber("passed", s.Passed);
        w.WriteNumber("failed", s.Failed);
        w.WriteNumber("findings", s.Findings);
        w.WriteNumber("suppressed", s.Suppressed);
        w.WriteStartObject("suppressedByKind");
        foreach (var (kind, n) in s.SuppressedByKind.OrderBy(k => k.Key)) w.WriteNumber(kind.Name(), n);
        w.WriteEndObject();
        w.WriteNumber("errors", s.Errors);
        w.WriteNumber("notes", s.Notes);
        w.WriteNumber("baselineFixed", s.BaselineFixed);
        w.WriteStartObject("bySeverity");
        foreach (var sev in Summary.SeverityOrder) w.WriteNumber(sev.Name(), s.BySeverity[sev]);
        w.WriteEndObject();
        w.WriteString("failOn", s.FailOn?.Name() ?? "none");
        w.WriteNumber("exitCode", (int)s.Outcome);
        w.WriteEndObject();
    }
}
