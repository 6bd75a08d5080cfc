using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.Reporting;

/// <summary>
/// SARIF 2.1.0, as GitHub code scanning, Azure DevOps and IDE viewers read it: one run, the
/// profile's rules with their documentation, one result per finding (suppressed ones carry their
/// exemption), and unreadable inputs as tool execution notifications.
/// </summary>
public sealed class SarifReporter : IReporter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>The partialFingerprints key; bump the version if the hashed fields ever change.</summary>
    public const string FingerprintKey = "stockade/v1";

    public string Format => "sarif";

    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        var rules = RulesOf(result);
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = ReportJsonEncoder.Instance });
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", options.ToolVersion);
        w.WriteString("semanticVersion", options.ToolVersion);
        w.WriteString("informationUri", ToolInfo.InformationUri);
        w.WriteStartArray("rules");
        foreach (var rule in rules) WriteRule(w, rule);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        if (options.BaseDirectory != null)
        {
            // Lets a viewer resolve the relative artifact URIs on the machine that ran the scan.
            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject(ArtifactUri.SourceRoot);
            w.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.BaseDirectory)) + "/").AbsoluteUri);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        WriteInvocation(w, result, options);

        w.WriteStartArray("results");
        foreach (var f in result.Findings) WriteResult(w, f, ruleIndex, options, result.Baseline != null);
        foreach (var e in result.BaselineFixed) WriteAbsent(w, e, ruleIndex);
        w.WriteEndArray();

        w.WriteStartObject("properties");
        w.WriteString("profile", result.ProfileName);
        w.WriteString("failOn", result.FailOn?.Name() ?? "none");
        // The counts every format shows (docs/output-formats.md), so a SARIF consumer gets the run's verdict too.
        SummaryJson.Write(w, "summary", result.Summary);
        w.WriteEndObject();

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>GitHub code scanning ranks alerts by this score (critical above 9.0, high from 7.0, medium from 4.0).</summary>
    public static string SecuritySeverity(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };

    public static string Level(Severity s) => s switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    public static string HelpUri(string ruleId) => $"{ToolInfo.InformationUri}/blob/main/docs/rules/{ruleId}.md";

    /// <summary>
    /// Stable across runs while the rule, file, object and field stay the same, whatever lines
    /// are added above: what code scanning needs to keep one alert per problem.
    /// </summary>
    public static string Fingerprint(Finding f, string artifactUri)
    {
        var key = string.Join('\n', f.Rule, artifactUri, f.Object.ApiVersion, f.Object.Kind, f.Object.Namespace ?? "", f.Object.Name ?? "", f.Path);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>The scan's rules, plus any rule a finding names that the result did not list.</summary>
    private static List<RuleMetadata> RulesOf(ScanResult result)
    {
        var rules = result.Rules.ToList();
        var known = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var f in result.Findings)
        {
            if (known.Add(f.Rule)) rules.Add(Catalog.Find(f.Rule)?.Metadata ?? Unlisted(f));
        }
        return rules;
    }

    private static RuleMetadata Unlisted(Finding f) => new()
    {
        Id = f.Rule,
        Title = f.Rule,
        Severity = f.Severity,
        Rationale = "",
        Remediation = "",
        RemediationYaml = "",
    };

    private static void WriteRule(Utf8JsonWriter w, RuleMetadata m)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        w.WriteString("name", PascalCase(m.Id));
        Message(w, "shortDescription", m.Title);
        if (m.Rationale.Length > 0) Message(w, "fullDescription", m.Rationale);
        if (m.Remediation.Length > 0)
        {
            w.WriteStartObject("help");
            w.WriteString("text", $"{m.Remediation}\n\n{m.RemediationYaml.TrimEnd()}\n");
            w.WriteString("markdown", $"{m.Remediation}\n\n```yaml\n{m.RemediationYaml.TrimEnd()}\n```\n");
            w.WriteEndObject();
        }
        w.WriteString("helpUri", HelpUri(m.Id));
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", Level(m.Severity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("severity", m.Severity.Name());
        w.WriteString("category", m.Category);
        w.WriteString("security-severity", SecuritySeverity(m.Severity));
        w.WriteStartArray("tags");
        foreach (var tag in new[] { "security", "kubernetes", m.Category }.Distinct()) w.WriteStringValue(tag);
        w.WriteEndArray();
        RuleJson.WriteReferences(w, m.References);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter w, ScanResult result, ReportOptions options)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", result.Errors.Count == 0);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var e in result.Errors) WriteNotification(w, "error", e.File, e.Line, e.Column, e.Message, options);
        foreach (var n in result.Notes) WriteNotification(w, "note", n.File, n.Line, n.Column, n.Message, options);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteNotification(Utf8JsonWriter w, string level, string file, int line, int column, string message, ReportOptions options)
    {
        w.WriteStartObject();
        w.WriteString("level", level);
        Message(w, "message", message);
        w.WriteStartArray("locations");
        WriteLocation(w, file, line, column, options, out _);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, Finding f, Dictionary<string, int> ruleIndex, ReportOptions options, bool againstBaseline)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule);
        w.WriteNumber("ruleIndex", ruleIndex[f.Rule]);
        w.WriteString("level", Level(f.Severity));
        Message(w, "message", f.Message);

        w.WriteStartArray("locations");
        WriteLocation(w, f.File, f.Line, f.Column, options, out var uri, f);
        w.WriteEndArray();

        if (f.Source != null)
        {
            // The region is in the rendered file, so the artifact stays that file; the template is where to fix it.
            w.WriteStartArray("relatedLocations");
            w.WriteStartObject();
            w.WriteNumber("id", 1);
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", string.Join('/', f.Source.Split('/').Select(Uri.EscapeDataString)));
            w.WriteEndObject();
            w.WriteEndObject();
            Message(w, "message", "rendered from this Helm template");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, Fingerprint(f, uri));
        w.WriteEndObject();

        // Against a baseline: accepted findings are unchanged, every other one new (SARIF 3.27.24).
        if (againstBaseline) w.WriteString("baselineState", f.Suppressed && f.SuppressionKind == SuppressionKind.Baselined ? "unchanged" : "new");

        if (f.Suppressed)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", f.SuppressedInSource ? "inSource" : "external");
            w.WriteString("status", "accepted");
            if (f.SuppressionReason != null) w.WriteString("justification", f.SuppressionReason);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("severity", f.Severity.Name());
        w.WriteString("path", f.Path);
        if (f.Container != null) w.WriteString("container", f.Container);
        if (f.Control != null) w.WriteString("control", f.Control);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// A baseline entry no finding matched: the problem is gone, so a result of kind <c>pass</c>
    /// (level <c>none</c>, as SARIF requires of a kind other than <c>fail</c>) with baselineState <c>absent</c>.
    /// </summary>
    private static void WriteAbsent(Utf8JsonWriter w, Baselines.BaselineEntry e, Dictionary<string, int> ruleIndex)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", e.Rule);
        if (ruleIndex.TryGetValue(e.Rule, out var index)) w.WriteNumber("ruleIndex", index);
        w.WriteString("kind", "pass");
        w.WriteString("level", "none");
        Message(w, "message", $"fixed since the baseline: {e.Message}");
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", string.Join('/', e.File.Split('/').Select(Uri.EscapeDataString)));
        w.WriteString("uriBaseId", ArtifactUri.SourceRoot);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("baselineState", "absent");
        w.WriteStartObject("properties");
        w.WriteString("object", e.ObjectName);
        if (e.Container != null) w.WriteString("container", e.Container);
        w.WriteString("path", e.Path);
        w.WriteString("baselineFingerprint", e.Fingerprint);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>One location object; a finding also gets its object and field as logical locations.</summary>
    private static void WriteLocation(Utf8JsonWriter w, string file, int line, int column, ReportOptions options, out string uri, Finding? finding = null)
    {
        var (artifactUri, baseId) = ArtifactUri.Of(file, options.BaseDirectory);
        uri = artifactUri;
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", artifactUri);
        if (baseId != null) w.WriteString("uriBaseId", baseId);
        w.WriteEndObject();
        // SARIF regions start at line 1; a problem with no position (an unreadable file) has none.
        if (line > 0)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", line);
            if (column > 0) w.WriteNumber("startColumn", column);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (finding != null)
        {
            var o = finding.Object;
            w.WriteStartArray("logicalLocations");
            w.WriteStartObject();
            if (o.Name != null) w.WriteString("name", o.Name);
            w.WriteString("fullyQualifiedName", o.ToString());
            w.WriteString("kind", "object");
            w.WriteStartObject("properties");
            w.WriteString("apiVersion", o.ApiVersion);
            w.WriteString("objectKind", o.Kind);
            if (o.Namespace != null) w.WriteString("namespace", o.Namespace);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("name", finding.Path);
            w.WriteString("fullyQualifiedName", $"{o}:{finding.Path}");
            w.WriteString("kind", "property");
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Message(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    /// <summary><c>privileged-container</c> → <c>PrivilegedContainer</c>, SARIF's convention for rule names.</summary>
    public static string PascalCase(string id) =>
        string.Concat(id.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
}
