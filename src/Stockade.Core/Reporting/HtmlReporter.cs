using System.Globalization;
using System.Net;
using System.Text;
using Stockade.Engine;
using Stockade.Rules;

namespace Stockade.Reporting;

/// <summary>
/// One self-contained HTML page (inline CSS, SVG charts and a little script, no external assets):
/// a summary by severity, namespace and rule, then every finding grouped under its rule with the
/// rule's fix. Every piece of text from the scanned objects is HTML-escaped, because a manifest or
/// a cluster object is attacker-controlled input and the report is opened in a browser, and its
/// control and bidirectional-override characters are shown as escapes (<see cref="SafeText.Visible"/>):
/// they would reorder what a table row appears to say, or act in a terminal that prints the file.
/// </summary>
public sealed class HtmlReporter : IReporter
{
    public string Format => "html";

    private static readonly Severity[] SeverityOrder = Summary.SeverityOrder;
    private const int ChartBars = 15;
    private const string ClusterScoped = "(cluster-scoped)";

    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var summary = result.Summary;
        var active = result.Findings.Where(f => !f.Suppressed).ToList();
        var suppressed = result.Findings.Where(f => f.Suppressed).ToList();
        var metadata = MetadataByRule(result);

        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write("<title>Stockade audit report</title>\n<style>");
        w.Write(Css);
        w.Write("</style>\n</head>\n<body>\n<header>\n<h1>Stockade audit report</h1>\n");
        w.Write($"<p class=\"meta\">{E(ToolInfo.Name)} {E(options.ToolVersion)} · profile <b>{E(result.ProfileName)}</b> · ");
        w.Write(result.FailOn is { } t ? $"fails on {E(t.Name())} and above" : "fails on nothing");
        w.Write($" · verdict <b id=\"verdict\" class=\"{(result.Outcome == RunOutcome.Passed ? "pass" : "fail")}\">{Verdict(result)}</b></p>\n</header>\n<main>\n");

        WriteSummary(w, summary);
        WriteCharts(w, active);
        WriteFindings(w, active, metadata);
        if (suppressed.Count > 0) WriteSuppressed(w, suppressed);
        WriteErrorsAndNotes(w, result);

        w.Write("</main>\n<script>");
        w.Write(Script);
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

    private static void WriteSummary(StreamWriter w, Summary s)
    {
        w.Write("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        foreach (var sev in SeverityOrder)
        {
            w.Write($"<div class=\"card sev-{sev.Name()}\" data-severity=\"{sev.Name()}\"><span class=\"n\">{s.BySeverity[sev]}</span><span>{sev.Name()}</span></div>\n");
        }
        w.Write("</div>\n<table class=\"counts\">\n");
        Row(w, "findings", "Findings", s.Findings);
        Row(w, "suppressed", "Suppressed findings", s.Suppressed);
        foreach (var (kind, n) in s.SuppressedByKind.Where(k => k.Value > 0).OrderBy(k => k.Key)) Row(w, $"suppressed-{kind.Name()}", $"… {kind.Name()}", n);
        Row(w, "objects", "Objects audited", s.Objects);
        Row(w, "passed", "Objects passing", s.Passed);
        Row(w, "failed", "Objects failing", s.Failed);
        Row(w, "files", "Inputs", s.Files);
        Row(w, "errors", "Errors", s.Errors);
        Row(w, "notes", "Notes", s.Notes);
        w.Write("</table>\n</section>\n");
    }

    private static void Row(StreamWriter w, string id, string label, int count) =>
        w.Write($"<tr id=\"count-{id}\"><th>{E(label)}</th><td>{count.ToString(CultureInfo.InvariantCulture)}</td></tr>\n");

    private static void WriteCharts(StreamWriter w, List<Finding> active)
    {
        w.Write("<section id=\"charts\">\n<h2>Findings by severity, namespace and rule</h2>\n<div class=\"charts\">\n");
        var bySeverity = SeverityOrder.Select(s => (s.Name(), active.Count(f => f.Severity == s), $"sev-{s.Name()}")).ToList();
        Chart(w, "chart-severity", "By severity", bySeverity);
        var byNamespace = active.GroupBy(f => f.Object.Namespace is { Length: > 0 } ns ? ns : ClusterScoped)
            .Select(g => (g.Key, g.Count(), "bar")).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        Chart(w, "chart-namespace", "By namespace", byNamespace);
        var byRule = active.GroupBy(f => f.Rule)
            .Select(g => (g.Key, g.Count(), $"sev-{g.Max(f => f.Severity).Name()}")).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        Chart(w, "chart-rule", "By rule", byRule);
        w.Write("</div>\n</section>\n");
    }

    /// <summary>A horizontal bar chart as inline SVG; beyond <see cref="ChartBars"/> bars the rest are summed into one.</summary>
    private static void Chart(StreamWriter w, string id, string title, List<(string Label, int Count, string Css)> bars)
    {
        if (bars.Count > ChartBars)
        {
            var rest = bars.Skip(ChartBars - 1).ToList();
            bars = [.. bars.Take(ChartBars - 1), ($"{rest.Count} others", rest.Sum(b => b.Count), "bar other")];
        }
        const int rowHeight = 22, labelWidth = 190, barWidth = 220, countWidth = 50;
        var height = Math.Max(1, bars.Count) * rowHeight + 4;
        var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Count));
        w.Write($"<figure class=\"chart\" id=\"{id}\"><figcaption>{E(title)}</figcaption>\n");
        w.Write($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{E(title)}\" width=\"{labelWidth + barWidth + countWidth}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barWidth + countWidth} {height}\">\n");
        if (bars.Count == 0) w.Write($"<text x=\"4\" y=\"16\" class=\"label\">no findings</text>\n");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, count, css) = bars[i];
            var y = i * rowHeight + 2;
            var width = count == 0 ? 0 : Math.Max(2, (int)Math.Round((double)count / max * barWidth));
            var shown = label.Length > 26 ? label[..25] + "…" : label;
            w.Write($"<g class=\"row\" data-label=\"{E(label)}\" data-count=\"{count}\"><title>{E(label)}: {count}</title>");
            w.Write($"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"label\">{E(shown)}</text>");
            w.Write($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{width}\" height=\"{rowHeight - 6}\" class=\"{css}\"/>");
            w.Write($"<text x=\"{labelWidth + width + 4}\" y=\"{y + 15}\" class=\"count\">{count}</text></g>\n");
        }
        w.Write("</svg></figure>\n");
    }

    private static void WriteFindings(StreamWriter w, List<Finding> active, Dictionary<string, RuleMetadata> metadata)
    {
        w.Write("<section id=\"findings\">\n<h2>Findings and how to fix them</h2>\n");
        if (active.Count == 0)
        {
            w.Write("<p class=\"empty\">No findings.</p>\n</section>\n");
            return;
        }
        w.Write($"<p><label>Filter: <input id=\"filter\" type=\"search\" placeholder=\"namespace, object, rule, message…\"></label> <span id=\"shown\">{active.Count} findings</span></p>\n");
        var groups = active.GroupBy(f => f.Rule)
            .OrderByDescending(g => g.Max(f => f.Severity)).ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            metadata.TryGetValue(group.Key, out var m);
            var severity = group.Max(f => f.Severity);
            w.Write($"<article class=\"rule\" id=\"rule-{E(group.Key)}\" data-rule=\"{E(group.Key)}\">\n");
            w.Write($"<h3><span class=\"badge sev-{severity.Name()}\">{severity.Name()}</span> <code>{E(group.Key)}</code> {E(m?.Title ?? "")} <span class=\"n\">({group.Count()})</span></h3>\n");
            if (m != null)
            {
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
            }
            w.Write("<table class=\"findings\">\n<thead><tr><th>Severity</th><th>Namespace</th><th>Object</th><th>Container</th><th>Message</th><th>Where</th></tr></thead>\n<tbody>\n");
            foreach (var f in group) FindingRow(w, f);
            w.Write("</tbody>\n</table>\n</article>\n");
        }
        w.Write("</section>\n");
    }

    private static void FindingRow(StreamWriter w, Finding f)
    {
        var where = f.Line > 0 ? $"{f.File}:{f.Line}:{f.Column}" : f.File;
        w.Write($"<tr class=\"finding\" data-rule=\"{E(f.Rule)}\" data-severity=\"{f.Severity.Name()}\">");
        w.Write($"<td><span class=\"badge sev-{f.Severity.Name()}\">{f.Severity.Name()}</span></td>");
        w.Write($"<td>{E(f.Object.Namespace is { Length: > 0 } ns ? ns : "")}</td>");
        w.Write($"<td>{E(f.Object.Kind)}/{E(f.Object.Name ?? "(unnamed)")}</td>");
        w.Write($"<td>{E(f.Container ?? "")}</td>");
        w.Write($"<td>{E(f.Message)}</td>");
        w.Write($"<td><code>{E(where)}</code><br><code class=\"path\">{E(f.Path)}</code></td></tr>\n");
    }

    private static void WriteSuppressed(StreamWriter w, List<Finding> suppressed)
    {
        w.Write($"<section id=\"suppressed\">\n<details><summary>Suppressed findings ({suppressed.Count})</summary>\n");
        w.Write("<table class=\"findings\">\n<thead><tr><th>Rule</th><th>Object</th><th>Message</th><th>Why suppressed</th></tr></thead>\n<tbody>\n");
        foreach (var f in suppressed)
        {
            w.Write($"<tr><td><code>{E(f.Rule)}</code></td><td>{E(f.Object.ToString())}</td><td>{E(f.Message)}</td><td>{E(f.SuppressionReason ?? "")}</td></tr>\n");
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

    private static string Location(string file, int line, int column) => line > 0 ? $"{file}:{line}:{column}" : file;

    /// <summary>Only http(s) links: a <c>javascript:</c> URL in rule metadata must never become a link.</summary>
    private static bool IsWebUrl(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static string E(string text) => WebUtility.HtmlEncode(SafeText.Visible(text));

    /// <summary><see cref="E"/> for a block whose line breaks are meant (a YAML snippet in a <c>pre</c>).</summary>
    private static string ELines(string text) => string.Join('\n', text.Split('\n').Select(E));

    private const string Css = """
        :root{--crit:#7b1fa2;--high:#c62828;--med:#ef6c00;--low:#1565c0;--fg:#1d1d1f;--muted:#666;--line:#ddd}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0;background:#fafafa}
        header{background:#263238;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}
        .meta{margin:0;color:#cfd8dc}.pass{color:#81c784}.fail{color:#ff8a80}
        main{padding:8px 24px 40px;max-width:1280px}h2{border-bottom:1px solid var(--line);padding-bottom:4px}
        .cards{display:flex;gap:12px;flex-wrap:wrap}.card{min-width:110px;padding:10px 14px;border-radius:6px;color:#fff;display:flex;flex-direction:column}
        .card .n{font-size:26px;font-weight:700}
        .sev-critical{background:var(--crit);fill:var(--crit)}.sev-high{background:var(--high);fill:var(--high)}
        .sev-medium{background:var(--med);fill:var(--med)}.sev-low{background:var(--low);fill:var(--low)}
        .bar{fill:#455a64}.bar.other{fill:#90a4ae}
        table.counts{margin-top:12px;border-collapse:collapse}table.counts th{text-align:left;padding:2px 16px 2px 0;font-weight:500;color:var(--muted)}
        .charts{display:flex;gap:24px;flex-wrap:wrap}figure.chart{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px}
        figcaption{font-weight:600;margin-bottom:4px}svg .label,svg .count{font-size:12px;fill:var(--fg)}
        article.rule{background:#fff;border:1px solid var(--line);border-radius:6px;padding:4px 16px 12px;margin:16px 0}
        .badge{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600}
        .fix pre{background:#f3f6f8;border:1px solid var(--line);padding:8px;overflow:auto}
        table.findings{border-collapse:collapse;width:100%;word-break:break-word}table.findings th,table.findings td{border-top:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
        code.path{color:var(--muted)}.refs{color:var(--muted)}.hidden{display:none}
        """;

    /// <summary>Filters finding rows by text; the page is complete without it.</summary>
    private const string Script = """
        (function(){var input=document.getElementById('filter');if(!input)return;
        var shown=document.getElementById('shown');var rows=document.querySelectorAll('tr.finding');
        function apply(){var q=input.value.toLowerCase();var total=0;
        document.querySelectorAll('article.rule').forEach(function(a){var n=0;
        a.querySelectorAll('tr.finding').forEach(function(r){var ok=!q||r.textContent.toLowerCase().indexOf(q)>=0||a.dataset.rule.indexOf(q)>=0;
        r.classList.toggle('hidden',!ok);if(ok)n++;});a.classList.toggle('hidden',n===0);total+=n;});
        shown.textContent=total+' of '+rows.length+' findings shown';}
        input.addEventListener('input',apply);apply();})();
        """;
}
