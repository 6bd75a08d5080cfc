using System.Globalization;
using System.Net;
using System.Text;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Rules;

namespace Stockade.Reporting;

/// <summary>
/// One self-contained HTML page (inline CSS and a little script, no external assets, a strict
/// Content-Security-Policy): the summary first, a table of contents, filters, then the findings
/// collapsible per object, then each rule's fix once. Every number in the summary is read from the
/// one <see cref="Summary"/>, so the page cannot count differently from the other formats. Every
/// piece of text from the scanned objects is HTML-escaped, because a manifest or a cluster object
/// is attacker-controlled input and the report is opened in a browser, and its control and
/// bidirectional-override characters are shown as escapes (<see cref="SafeText.Visible"/>): they
/// would reorder what a table row appears to say, or act in a terminal that prints the file.
/// The page is built from the whole <see cref="ScanResult"/> (grouping by object needs every
/// finding of an object, cross-object ones included); docs/output-formats.md gives its memory.
/// </summary>
public sealed class HtmlReporter : IReporter
{
    /// <inheritdoc/>
    public string Format => "html";

    /// <summary>Up to this many findings the objects are shown open; beyond it, collapsed, so the page starts short.</summary>
    internal const int OpenUpTo = 50;

    /// <summary>How many rules the summary's worst-rules list names; the rules section has them all.</summary>
    private const int WorstRulesShown = 10;

    private static readonly Severity[] SeverityOrder = Summary.SeverityOrder;

    /// <inheritdoc/>
    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var summary = result.Summary;
        var active = result.Findings.Where(f => !f.Suppressed).ToList();
        var suppressed = result.Findings.Where(f => f.Suppressed).ToList();
        var metadata = MetadataByRule(result);
        var objects = ObjectGroup.Of(active);

        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlAssets.ContentSecurityPolicy}\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write("<title>Stockade audit report</title>\n<style>");
        w.Write(HtmlAssets.Css);
        w.Write("</style>\n</head>\n<body>\n<header>\n<h1>Stockade audit report</h1>\n");
        w.Write($"<p class=\"meta\">{E(ToolInfo.Name)} {E(options.ToolVersion)} · profile <b>{E(result.ProfileName)}</b> · ");
        w.Write(result.FailOn is { } t ? $"fails on {E(t.Name())} and above" : "fails on nothing");
        w.Write($" · verdict <b id=\"verdict\" class=\"{(result.Outcome == RunOutcome.Passed ? "pass" : "fail")}\">{Verdict(result)}</b></p>\n</header>\n<main>\n");

        WriteSummary(w, summary, metadata);
        WriteContents(w, result, summary, objects.Count, suppressed.Count);
        WriteFindings(w, objects, active.Count, summary);
        WriteRules(w, summary, metadata);
        if (suppressed.Count > 0) WriteSuppressed(w, suppressed);
        WriteErrorsAndNotes(w, result);

        w.Write("</main>\n<script>");
        w.Write(HtmlAssets.Script);
        w.Write("</script>\n</body>\n</html>\n");
    }

    private static string Verdict(ScanResult r) => r.Outcome switch
    {
        RunOutcome.Passed => "pass",
        RunOutcome.Failed => "fail: findings at or above the threshold",
        _ => "error: some inputs could not be read",
    };

    private static Dictionary<string, RuleMetadata> MetadataByRule(ScanResult result)
    {
        var map = new Dictionary<string, RuleMetadata>(StringComparer.Ordinal);
        foreach (var m in result.Rules) map[m.Id] = m;
        foreach (var id in result.Findings.Select(f => f.Rule).Distinct())
        {
            if (!map.ContainsKey(id) && Catalog.Find(id) is { } rule) map[id] = rule.Metadata;
        }
        return map;
    }

    private static void WriteSummary(StreamWriter w, Summary s, Dictionary<string, RuleMetadata> metadata)
    {
        w.Write("<section id=\"summary\">\n<h2>Summary</h2>\n");
        w.Write($"<p class=\"lead\"><b id=\"lead-failed\">{N(s.Failed)}</b> of {N(s.Objects)} objects failing, {N(s.Passed)} passing · <b id=\"lead-findings\">{N(s.Findings)}</b> findings");
        if (s.Errors > 0) w.Write($" · <b class=\"error\">{N(s.Errors)} errors</b>");
        w.Write("</p>\n<div class=\"cards\">\n");
        foreach (var sev in SeverityOrder)
        {
            w.Write($"<div class=\"card sev-{sev.Name()}\" data-severity=\"{sev.Name()}\"><span class=\"n\">{N(s.BySeverity[sev])}</span><span>{sev.Name()}</span></div>\n");
        }
        w.Write("</div>\n<div class=\"summary-grid\">\n<table class=\"counts\">\n");
        Row(w, "findings", "Findings", s.Findings);
        Row(w, "suppressed", "Suppressed findings", s.Suppressed);
        foreach (var (kind, n) in s.SuppressedByKind.Where(k => k.Value > 0).OrderBy(k => k.Key)) Row(w, $"suppressed-{kind.Name()}", $"… {kind.Name()}", n);
        Row(w, "objects", "Objects audited", s.Objects);
        Row(w, "passed", "Objects passing", s.Passed);
        Row(w, "failed", "Objects failing", s.Failed);
        Row(w, "files", "Inputs", s.Files);
        Row(w, "errors", "Errors", s.Errors);
        Row(w, "notes", "Notes", s.Notes);
        w.Write("</table>\n");
        var worst = s.WorstRules.Take(WorstRulesShown).ToList();
        if (worst.Count > 0)
        {
            w.Write("<div id=\"worst-rules\"><h3>Worst rules</h3>\n<ol>\n");
            foreach (var (id, count) in worst)
            {
                metadata.TryGetValue(id, out var m);
                w.Write($"<li data-rule=\"{E(id)}\" data-count=\"{N(count.Count)}\">{Badge(count.Severity)} <a href=\"#rule-{E(id)}\"><code>{E(id)}</code></a> <span class=\"n\">{N(count.Count)}</span>");
                if (m != null) w.Write($" <span class=\"title\">{E(m.Title)}</span>");
                w.Write("</li>\n");
            }
            w.Write("</ol>\n");
            if (s.ByRule.Count > worst.Count) w.Write($"<p class=\"more\"><a href=\"#rules\">all {N(s.ByRule.Count)} rules</a></p>\n");
            w.Write("</div>\n");
        }
        w.Write("</div>\n</section>\n");
    }

    private static void Row(StreamWriter w, string id, string label, int count) =>
        w.Write($"<tr id=\"count-{id}\"><th>{E(label)}</th><td>{N(count)}</td></tr>\n");

    private static void WriteContents(StreamWriter w, ScanResult result, Summary s, int objects, int suppressed)
    {
        w.Write("<nav id=\"toc\" aria-label=\"Contents\"><h2>Contents</h2>\n<ul>\n");
        w.Write($"<li><a href=\"#findings\">Findings by object</a> <span class=\"n\">{N(objects)} objects, {N(s.Findings)} findings</span></li>\n");
        w.Write($"<li><a href=\"#rules\">Rules and how to fix them</a> <span class=\"n\">{N(s.ByRule.Count)}</span></li>\n");
        if (suppressed > 0) w.Write($"<li><a href=\"#suppressed\">Suppressed findings</a> <span class=\"n\">{N(s.Suppressed)}</span></li>\n");
        if (result.Errors.Count > 0) w.Write($"<li><a href=\"#errors\">Errors</a> <span class=\"n\">{N(s.Errors)}</span></li>\n");
        if (result.Notes.Count > 0) w.Write($"<li><a href=\"#notes\">Notes</a> <span class=\"n\">{N(s.Notes)}</span></li>\n");
        w.Write("</ul>\n</nav>\n");
    }

    private static void WriteFindings(StreamWriter w, List<ObjectGroup> objects, int total, Summary s)
    {
        w.Write("<section id=\"findings\">\n<h2>Findings by object</h2>\n");
        if (objects.Count == 0)
        {
            w.Write("<p class=\"empty\">No findings.</p>\n</section>\n");
            return;
        }
        WriteFilters(w, objects, s, total);
        var open = total <= OpenUpTo ? " open" : "";
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            var ns = o.Ref.Namespace is { Length: > 0 } n ? n : "";
            w.Write($"<details class=\"object\" id=\"object-{i + 1}\" data-kind=\"{E(o.Ref.Kind)}\" data-namespace=\"{E(ns)}\"{open}>\n");
            w.Write($"<summary>{Badge(o.Worst)} <span class=\"obj\">{E(o.Ref.Kind)}/{(ns.Length > 0 ? E(ns) + "/" : "")}{E(o.Ref.Name ?? "(unnamed)")}</span> ");
            w.Write($"<span class=\"n\">{N(o.Findings.Count)} {(o.Findings.Count == 1 ? "finding" : "findings")}</span> <code class=\"file\">{E(o.File)}</code></summary>\n");
            w.Write("<table class=\"findings\">\n<thead><tr><th>Severity</th><th>Rule</th><th>Container</th><th>Message</th><th>Where</th></tr></thead>\n<tbody>\n");
            foreach (var f in o.Findings) FindingRow(w, f);
            w.Write("</tbody>\n</table>\n</details>\n");
        }
        w.Write("</section>\n");
    }

    /// <summary>The filter bar, hidden until the script shows it: without script the page is complete and the filters would do nothing.</summary>
    private static void WriteFilters(StreamWriter w, List<ObjectGroup> objects, Summary s, int total)
    {
        w.Write("<div id=\"filters\" class=\"filters\" hidden>\n");
        Select(w, "severity", "Severity", SeverityOrder.Where(sev => s.BySeverity[sev] > 0).Select(sev => sev.Name()));
        Select(w, "rule", "Rule", s.WorstRules.Select(r => r.Key));
        Select(w, "namespace", "Namespace", objects.Select(o => o.Ref.Namespace ?? "").Distinct().Order(StringComparer.Ordinal)
            .Select(ns => ns));
        Select(w, "kind", "Kind", objects.Select(o => o.Ref.Kind).Distinct().Order(StringComparer.Ordinal));
        w.Write("<label>Text <input id=\"filter-text\" type=\"search\" placeholder=\"name, message, path…\"></label>\n");
        w.Write("<button type=\"button\" id=\"expand-all\">Expand all</button> <button type=\"button\" id=\"collapse-all\">Collapse all</button>\n");
        w.Write($"<output id=\"shown\">{N(total)} findings</output>\n</div>\n");
    }

    private static void Select(StreamWriter w, string id, string label, IEnumerable<string> values)
    {
        w.Write($"<label>{label} <select id=\"filter-{id}\"><option value=\"\">all</option>");
        foreach (var v in values) w.Write($"<option value=\"{E(v)}\">{(v.Length == 0 ? "(cluster-scoped)" : E(v))}</option>");
        w.Write("</select></label>\n");
    }

    private static void FindingRow(StreamWriter w, Finding f)
    {
        var where = f.Line > 0 ? $"{f.File}:{f.Line}:{f.Column}" : f.File;
        w.Write($"<tr class=\"finding\" data-rule=\"{E(f.Rule)}\" data-severity=\"{f.Severity.Name()}\">");
        w.Write($"<td>{Badge(f.Severity)}</td>");
        w.Write($"<td><a href=\"#rule-{E(f.Rule)}\"><code class=\"rule\">{E(f.Rule)}</code></a></td>");
        w.Write($"<td>{E(f.Container ?? "")}</td>");
        w.Write($"<td>{E(f.Message)}</td>");
        w.Write($"<td><code>{E(where)}</code>");
        if (f.Source is { } source) w.Write($" <span class=\"src\">from <code>{E(source)}</code></span>");
        w.Write($"<br><code class=\"path\">{E(f.Path)}</code></td></tr>\n");
    }

    private static void WriteRules(StreamWriter w, Summary s, Dictionary<string, RuleMetadata> metadata)
    {
        if (s.ByRule.Count == 0) return;
        w.Write("<section id=\"rules\">\n<h2>Rules and how to fix them</h2>\n");
        foreach (var (id, count) in s.WorstRules)
        {
            metadata.TryGetValue(id, out var m);
            w.Write($"<article class=\"rule\" id=\"rule-{E(id)}\" data-rule=\"{E(id)}\">\n");
            w.Write($"<h3>{Badge(count.Severity)} <code>{E(id)}</code> {E(m?.Title ?? "")} <span class=\"n\">({N(count.Count)})</span></h3>\n");
            if (m == null)
            {
                w.Write("</article>\n");
                continue;
            }
            w.Write($"<p class=\"why\"><b>Why:</b> {E(m.Rationale)}</p>\n");
            w.Write($"<div class=\"fix\"><p><b>Fix:</b> {E(m.Remediation)}</p>\n<pre><code>{ELines(m.RemediationYaml.TrimEnd())}</code></pre></div>\n");
            if (m.References.Count > 0)
            {
                w.Write("<p class=\"refs\">References: ");
                w.Write(string.Join(", ", m.References.Select(r => r.Url is { } url && IsWebUrl(url)
                    ? $"<a href=\"{E(url)}\">{E(r.ToString())}</a>"
                    : E(r.ToString()))));
                w.Write("</p>\n");
            }
            w.Write("</article>\n");
        }
        w.Write("</section>\n");
    }

    private static void WriteSuppressed(StreamWriter w, List<Finding> suppressed)
    {
        w.Write($"<section id=\"suppressed\">\n<details><summary>Suppressed findings ({N(suppressed.Count)})</summary>\n");
        w.Write("<table class=\"findings suppressed\">\n<thead><tr><th>Rule</th><th>Object</th><th>Message</th><th>Why suppressed</th></tr></thead>\n<tbody>\n");
        foreach (var f in suppressed)
        {
            w.Write($"<tr><td><code class=\"rule\">{E(f.Rule)}</code></td><td>{E(f.Object.ToString())}</td><td>{E(f.Message)}</td><td>{E(f.SuppressionReason ?? "")}</td></tr>\n");
        }
        w.Write("</tbody>\n</table>\n</details>\n</section>\n");
    }

    private static void WriteErrorsAndNotes(StreamWriter w, ScanResult result)
    {
        if (result.Errors.Count > 0)
        {
            w.Write("<section id=\"errors\">\n<h2>Errors</h2>\n<ul>\n");
            foreach (var e in result.Errors) w.Write($"<li><code>{E(Location(e.File, e.Line, e.Column))}</code> {E(e.Message)}</li>\n");
            w.Write("</ul>\n</section>\n");
        }
        if (result.Notes.Count > 0)
        {
            w.Write("<section id=\"notes\">\n<h2>Notes (including resources that could not be read)</h2>\n<ul>\n");
            foreach (var n in result.Notes) w.Write($"<li><code>{E(Location(n.File, n.Line, n.Column))}</code> {E(n.Message)}</li>\n");
            w.Write("</ul>\n</section>\n");
        }
    }

    private static string Badge(Severity s) => $"<span class=\"badge sev-{s.Name()}\">{s.Name()}</span>";

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Location(string file, int line, int column) => line > 0 ? $"{file}:{line}:{column}" : file;

    /// <summary>Only http(s) links: a <c>javascript:</c> URL in rule metadata must never become a link.</summary>
    private static bool IsWebUrl(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static string E(string text) => WebUtility.HtmlEncode(SafeText.Visible(text));

    /// <summary><see cref="E"/> for a block whose line breaks are meant (a YAML snippet in a <c>pre</c>).</summary>
    private static string ELines(string text) => string.Join('\n', text.Split('\n').Select(E));

    /// <summary>The active findings of one object (file and reference), worst object first, then in input order.</summary>
    private sealed record ObjectGroup(string File, ObjectRef Ref, List<Finding> Findings)
    {
        public Severity Worst => Findings.Max(f => f.Severity);

        public static List<ObjectGroup> Of(List<Finding> active)
        {
            var groups = new Dictionary<(string, ObjectRef), ObjectGroup>();
            var order = new List<ObjectGroup>();
            foreach (var f in active)
            {
                if (!groups.TryGetValue((f.File, f.Object), out var g))
                {
                    g = new ObjectGroup(f.File, f.Object, []);
                    groups.Add((f.File, f.Object), g);
                    order.Add(g);
                }
                g.Findings.Add(f);
            }
            // OrderBy is stable: input order among equals.
            return [.. order.Select(g => g with { Findings = [.. g.Findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Line).ThenBy(f => f.Column)] })
                .OrderByDescending(g => g.Worst)];
        }
    }
}
