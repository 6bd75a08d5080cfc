using System.Text.Json;
using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>A rule's metadata as JSON: an element of <c>stockade rules --format json</c>.</summary>
internal static class RuleJson
{
    public static void Write(Utf8JsonWriter w, RuleMetadata m)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        w.WriteString("title", m.Title);
        w.WriteString("severity", m.Severity.Name());
        w.WriteString("category", m.Category);
        w.WriteBoolean("enabledByDefault", m.EnabledByDefault);
        w.WriteString("rationale", m.Rationale);
        w.WriteString("remediation", m.Remediation);
        w.WriteString("remediationYaml", m.RemediationYaml);
        WriteReferences(w, m.References);
        w.WriteEndObject();
    }

    /// <summary>The <c>references</c> array, in the same shape in <c>rules --format json</c> and in SARIF's rule properties.</summary>
    public static void WriteReferences(Utf8JsonWriter w, IReadOnlyList<Reference> references)
    {
        w.WriteStartArray("references");
        foreach (var r in references)
        {
            w.WriteStartObject();
            w.WriteString("source", r.Source);
            w.WriteString("text", r.Text);
            if (r.Url != null) w.WriteString("url", r.Url);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
