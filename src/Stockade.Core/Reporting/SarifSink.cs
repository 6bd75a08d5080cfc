using System.Text.Json;
using Stockade.Baselines;
using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.Reporting;

/// <summary>
/// The SARIF report written as the scan runs. SARIF leaves the order of a run's properties free,
/// so the run starts with its <c>results</c>, each written as its document's outcome arrives; what
/// is known only at the end follows them: the <c>absent</c> results of a baseline's fixed entries,
/// the tool with its rules (a result's <c>ruleIndex</c> is the order its rule was first met, and the
/// profile's other rules come after those), the execution notifications (errors and notes, kept as
/// compact records) and the run's properties with the one summary.
/// </summary>
internal sealed class SarifSink : StreamedJsonSink
{
    private readonly Utf8JsonWriter _w;
    private readonly ReportOptions _options;
    private readonly Severity? _failOn;
    private readonly Func<string> _profileName;
    private readonly Func<IReadOnlyList<RuleMetadata>> _rules;
    private readonly Func<IReadOnlyList<BaselineEntry>>? _baselineFixed;
    private readonly Dictionary<string, int> _ruleIndex = new(StringComparer.Ordinal);
    // Per rule met, in index order: its id and the severity a finding gave it (for a rule the profile does not list).
    private readonly List<(string Id, Severity Severity)> _rulesMet = new();

    /// <param name="output">Where the report goes.</param>
    /// <param name="options">As for any report.</param>
    /// <param name="profileName">Asked for at the end, as the rules.</param>
    /// <param name="failOn">The threshold objects fail at.</param>
    /// <param name="rules">The scan's rules, asked for at the end (a scan may add rules after the read).</param>
    /// <param name="baselineFixed">With a baseline: its entries no finding matched (fixed), asked for at the end.</param>
    public SarifSink(Stream output, ReportOptions options, Func<string> profileName, Severity? failOn,
        Func<IReadOnlyList<RuleMetadata>> rules, Func<IReadOnlyList<BaselineEntry>>? baselineFixed = null)
        : base(output, options, failOn)
    {
        _options = options;
        _failOn = failOn;
        _profileName = profileName;
        _rules = rules;
        _baselineFixed = baselineFixed;
        _w = Writer;
        _w.WriteStartObject();
        _w.WriteString("$schema", SarifReporter.SchemaUri);
        _w.WriteString("version", "2.1.0");
        _w.WriteStartArray("runs");
        _w.WriteStartObject();
        _w.WriteStartArray("results");
    }

    public override void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount)
    {
        WriteCrossObject(crossObjectFindings);
        var rules = _rules();
        var listed = new Dictionary<string, RuleMetadata>(StringComparer.Ordinal);
        foreach (var r in rules) listed.TryAdd(r.Id, r);
        var fixedEntries = _baselineFixed?.Invoke() ?? [];
        foreach (var e in fixedEntries)
        {
            // An entry's rule gets an index when the scan still has it, as the collected report gave it one.
            if (listed.TryGetValue(e.Rule, out var m)) IndexOf(e.Rule, m.Severity);
            WriteAbsent(e);
        }
        _w.WriteEndArray();

        WriteTool(rules, listed);
        if (_options.BaseDirectory != null)
        {
            // Lets a viewer resolve the relative artifact URIs on the machine that ran the scan.
            _w.WriteStartObject("originalUriBaseIds");
            _w.WriteStartObject(ArtifactUri.SourceRoot);
            _w.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.BaseDirectory)) + "/").AbsoluteUri);
            _w.WriteEndObject();
            _w.WriteEndObject();
        }
        WriteInvocation();

        _w.WriteStartObject("properties");
        _w.WriteString("profile", _profileName());
        _w.WriteString("failOn", _failOn?.Name() ?? "none");
        // The counts every format shows (docs/output-formats.md), so a SARIF consumer gets the run's verdict too.
        SummaryJson.Write(_w, "summary", Counts.ToSummary(fileCount, _baselineFixed == null ? 0 : fixedEntries.Count));
        _w.WriteEndObject();

        _w.WriteEndObject();
        _w.WriteEndArray();
        _w.WriteEndObject();
        Finish();
    }

    private int IndexOf(string rule, Severity severity)
    {
        if (_ruleIndex.TryGetValue(rule, out var i)) return i;
        _ruleIndex[rule] = i = _rulesMet.Count;
        _rulesMet.Add((rule, severity));
        return i;
    }

    /// <summary>The rules met, in index order, then the scan's other rules in the profile's order.</summary>
    private void WriteTool(IReadOnlyList<RuleMetadata> rules, Dictionary<string, RuleMetadata> listed)
    {
        _w.WriteStartObject("tool");
        _w.WriteStartObject("driver");
        _w.WriteString("name", ToolInfo.Name);
        _w.WriteString("version", _options.ToolVersion);
        _w.WriteString("semanticVersion", _options.ToolVersion);
        _w.WriteString("informationUri", ToolInfo.InformationUri);
        _w.WriteStartArray("rules");
        foreach (var (id, severity) in _rulesMet) WriteRule(listed.TryGetValue(id, out var m) ? m : Catalog.Find(id)?.Metadata ?? Unlisted(id, severity));
        foreach (var m in rules)
        {
            if (_ruleIndex.TryAdd(m.Id, -1)) WriteRule(m);
        }
        _w.WriteEndArray();
        _w.WriteEndObject();
        _w.WriteEndObject();
    }

    private static RuleMetadata Unlisted(string id, Severity severity) => new()
    {
        Id = id,
        Title = id,
        Severity = severity,
        Rationale = "",
        Remediation = "",
        RemediationYaml = "",
    };

    private void WriteRule(RuleMetadata m)
    {
        _w.WriteStartObject();
        _w.WriteString("id", m.Id);
        _w.WriteString("name", SarifReporter.PascalCase(m.Id));
        Message("shortDescription", m.Title);
        if (m.Rationale.Length > 0) Message("fullDescription", m.Rationale);
        if (m.Remediation.Length > 0)
        {
            _w.WriteStartObject("help");
            _w.WriteString("text", $"{m.Remediation}\n\n{m.RemediationYaml.TrimEnd()}\n");
            _w.WriteString("markdown", $"{m.Remediation}\n\n```yaml\n{m.RemediationYaml.TrimEnd()}\n```\n");
            _w.WriteEndObject();
        }
        _w.WriteString("helpUri", SarifReporter.HelpUri(m.Id));
        _w.WriteStartObject("defaultConfiguration");
        _w.WriteString("level", SarifReporter.Level(m.Severity));
        _w.WriteEndObject();
        _w.WriteStartObject("properties");
        _w.WriteString("severity", m.Severity.Name());
        _w.WriteString("category", m.Category);
        _w.WriteString("security-severity", SarifReporter.SecuritySeverity(m.Severity));
        _w.WriteStartArray("tags");
        foreach (var tag in new[] { "security", "kubernetes", m.Category }.Distinct()) _w.WriteStringValue(tag);
        _w.WriteEndArray();
        RuleJson.WriteReferences(_w, m.References);
        _w.WriteEndObject();
        _w.WriteEndObject();
    }

    private void WriteInvocation()
    {
        _w.WriteStartArray("invocations");
        _w.WriteStartObject();
        _w.WriteBoolean("executionSuccessful", Errors.Count == 0);
        _w.WriteStartArray("toolExecutionNotifications");
        foreach (var e in Errors) WriteNotification("error", e.File, e.Line, e.Column, e.Message);
        foreach (var n in Notes) WriteNotification("note", n.File, n.Line, n.Column, n.Message);
        _w.WriteEndArray();
        _w.WriteEndObject();
        _w.WriteEndArray();
    }

    private void WriteNotification(string level, string file, int line, int column, string message)
    {
        _w.WriteStartObject();
        _w.WriteString("level", level);
        Message("message", message);
        _w.WriteStartArray("locations");
        WriteLocation(file, line, column, out _);
        _w.WriteEndArray();
        _w.WriteEndObject();
    }

    protected override void WriteFinding(Finding f)
    {
        _w.WriteStartObject();
        _w.WriteString("ruleId", f.Rule);
        _w.WriteNumber("ruleIndex", IndexOf(f.Rule, f.Severity));
        _w.WriteString("level", SarifReporter.Level(f.Severity));
        Message("message", f.Message);

        _w.WriteStartArray("locations");
        WriteLocation(f.File, f.Line, f.Column, out var uri, f);
        _w.WriteEndArray();

        if (f.Source != null)
        {
            // The region is in the rendered file, so the artifact stays that file; the template is where to fix it.
            _w.WriteStartArray("relatedLocations");
            _w.WriteStartObject();
            _w.WriteNumber("id", 1);
            _w.WriteStartObject("physicalLocation");
            _w.WriteStartObject("artifactLocation");
            _w.WriteString("uri", string.Join('/', f.Source.Split('/').Select(Uri.EscapeDataString)));
            _w.WriteEndObject();
            _w.WriteEndObject();
            Message("message", "rendered from this Helm template");
            _w.WriteEndObject();
            _w.WriteEndArray();
        }

        _w.WriteStartObject("partialFingerprints");
        _w.WriteString(SarifReporter.FingerprintKey, SarifReporter.Fingerprint(f, uri));
        _w.WriteEndObject();

        // Against a baseline: accepted findings are unchanged, every other one new (SARIF 3.27.24).
        if (_baselineFixed != null) _w.WriteString("baselineState", f.Suppressed && f.SuppressionKind == SuppressionKind.Baselined ? "unchanged" : "new");

        if (f.Suppressed)
        {
            _w.WriteStartArray("suppressions");
            _w.WriteStartObject();
            _w.WriteString("kind", f.SuppressedInSource ? "inSource" : "external");
            _w.WriteString("status", "accepted");
            if (f.SuppressionReason != null) _w.WriteString("justification", f.SuppressionReason);
            _w.WriteEndObject();
            _w.WriteEndArray();
        }

        _w.WriteStartObject("properties");
        _w.WriteString("severity", f.Severity.Name());
        _w.WriteString("path", f.Path);
        if (f.Container != null) _w.WriteString("container", f.Container);
        if (f.Control != null) _w.WriteString("control", f.Control);
        if (f.Policy != null) _w.WriteString("policy", f.Policy);
        if (f.Binding != null) _w.WriteString("binding", f.Binding);
        _w.WriteEndObject();
        _w.WriteEndObject();
    }

    /// <summary>
    /// A baseline entry no finding matched: the problem is gone, so a result of kind <c>pass</c>
    /// (level <c>none</c>, as SARIF requires of a kind other than <c>fail</c>) with baselineState <c>absent</c>.
    /// </summary>
    private void WriteAbsent(BaselineEntry e)
    {
        _w.WriteStartObject();
        _w.WriteString("ruleId", e.Rule);
        if (_ruleIndex.TryGetValue(e.Rule, out var index)) _w.WriteNumber("ruleIndex", index);
        _w.WriteString("kind", "pass");
        _w.WriteString("level", "none");
        Message("message", $"fixed since the baseline: {e.Message}");
        _w.WriteStartArray("locations");
        _w.WriteStartObject();
        _w.WriteStartObject("physicalLocation");
        _w.WriteStartObject("artifactLocation");
        _w.WriteString("uri", string.Join('/', e.File.Split('/').Select(Uri.EscapeDataString)));
        _w.WriteString("uriBaseId", ArtifactUri.SourceRoot);
        _w.WriteEndObject();
        _w.WriteEndObject();
        _w.WriteEndObject();
        _w.WriteEndArray();
        _w.WriteString("baselineState", "absent");
        _w.WriteStartObject("properties");
        _w.WriteString("object", e.ObjectName);
        if (e.Container != null) _w.WriteString("container", e.Container);
        _w.WriteString("path", e.Path);
        _w.WriteString("baselineFingerprint", e.Fingerprint);
        _w.WriteEndObject();
        _w.WriteEndObject();
    }

    /// <summary>One location object; a finding also gets its object and field as logical locations.</summary>
    private void WriteLocation(string file, int line, int column, out string uri, Finding? finding = null)
    {
        var (artifactUri, baseId) = ArtifactUri.Of(file, _options.BaseDirectory);
        uri = artifactUri;
        _w.WriteStartObject();
        _w.WriteStartObject("physicalLocation");
        _w.WriteStartObject("artifactLocation");
        _w.WriteString("uri", artifactUri);
        if (baseId != null) _w.WriteString("uriBaseId", baseId);
        _w.WriteEndObject();
        // SARIF regions start at line 1; a problem with no position (an unreadable file) has none.
        if (line > 0)
        {
            _w.WriteStartObject("region");
            _w.WriteNumber("startLine", line);
            if (column > 0) _w.WriteNumber("startColumn", column);
            _w.WriteEndObject();
        }
        _w.WriteEndObject();
        if (finding != null)
        {
            var o = finding.Object;
            _w.WriteStartArray("logicalLocations");
            _w.WriteStartObject();
            if (o.Name != null) _w.WriteString("name", o.Name);
            _w.WriteString("fullyQualifiedName", o.ToString());
            _w.WriteString("kind", "object");
            _w.WriteStartObject("properties");
            _w.WriteString("apiVersion", o.ApiVersion);
            _w.WriteString("objectKind", o.Kind);
            if (o.Namespace != null) _w.WriteString("namespace", o.Namespace);
            _w.WriteEndObject();
            _w.WriteEndObject();
            _w.WriteStartObject();
            _w.WriteString("name", finding.Path);
            _w.WriteString("fullyQualifiedName", $"{o}:{finding.Path}");
            _w.WriteString("kind", "property");
            _w.WriteEndObject();
            _w.WriteEndArray();
        }
        _w.WriteEndObject();
    }

    private void Message(string name, string text)
    {
        _w.WriteStartObject(name);
        _w.WriteString("text", text);
        _w.WriteEndObject();
    }

}
