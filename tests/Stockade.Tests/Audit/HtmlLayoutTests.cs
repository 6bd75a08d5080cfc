using System.Text;
using System.Text.Json.Nodes;
using Stockade.Engine;
using Stockade.Reporting;
using Stockade.Tests.Cli;
using Xunit.Abstractions;

namespace Stockade.Tests.Audit;

/// <summary>
/// The HTML report of more than a thousand findings, laid out by headless Chromium at a desktop
/// and a phone width and asked over the DevTools protocol what it drew. Screenshots are kept in
/// <c>artefacts/html/</c> next to the test assembly (CI uploads them).
/// </summary>
public class HtmlLayoutTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempTree _tree = new();
    private readonly ITestOutputHelper _output;

    public HtmlLayoutTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _tree.Dispose();

    /// <summary>Objects of four kinds in five namespaces, each with several findings, one with a long unbroken name.</summary>
    public static string Many(int objects)
    {
        var yaml = new StringBuilder();
        string[] namespaces = ["shop", "ops", "payments", "monitoring-and-observability", "default"];
        for (var i = 0; i < objects; i++)
        {
            var ns = namespaces[i % namespaces.Length];
            var name = i == 7 ? "a-very-long-unbroken-object-name-that-a-generator-made-" + new string('x', 80) : $"app-{i}";
            var pod = $$"""
                  hostPID: {{(i % 3 == 0 ? "true" : "false")}}
                  containers:
                  - name: main
                    image: registry.example/app:{{i}}
                    securityContext: {privileged: {{(i % 2 == 0 ? "true" : "false")}}}
                  - name: sidecar
                    image: busybox
                """;
            yaml.Append("---\n");
            yaml.Append((i % 4) switch
            {
                0 => $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n{Indent(pod, 0)}",
                1 => $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {{app: a}}}}\n  template:\n    metadata: {{labels: {{app: a}}}}\n    spec:\n{Indent(pod, 4)}",
                2 => $"apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  selector: {{matchLabels: {{app: a}}}}\n  template:\n    metadata: {{labels: {{app: a}}}}\n    spec:\n{Indent(pod, 4)}",
                _ => $"apiVersion: batch/v1\nkind: Job\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n{Indent(pod, 4)}",
            });
        }
        return yaml.ToString();
    }

    private static string Indent(string text, int spaces) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => new string(' ', spaces) + l + "\n"));

    private static readonly Lazy<(ScanResult Result, string Html)> Large = new(() =>
    {
        var result = TestScan.Yaml(Many(110));
        var output = new MemoryStream();
        new HtmlReporter().Write(result, output, new ReportOptions());
        return (result, Encoding.UTF8.GetString(output.ToArray()));
    });

    private DevTools? Browser()
    {
        if (!File.Exists(Chromium))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{Chromium} is missing: .ci/run must install Debian's chromium before the tests");
            _output.WriteLine($"{Chromium} is missing (apt-get install chromium); not checked in a browser");
            return null;
        }
        return DevTools.Start(Chromium, _tree.PathOf("profile"));
    }

    private string Page(string html) => _tree.Write("report.html", html);

    private void Keep(string name, byte[] png)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artefacts", "html");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, png);
        _output.WriteLine($"screenshot: {path}");
    }

    [Fact]
    public void The_large_report_has_more_than_a_thousand_findings()
    {
        Assert.True(Large.Value.Result.Summary.Findings > 1000, $"{Large.Value.Result.Summary.Findings} findings");
    }

    [Theory]
    [InlineData(1280, 800, false)]
    [InlineData(390, 844, true)]
    public void Nothing_overflows_sideways_the_summary_is_above_the_fold_and_badges_do_not_wrap(int width, int height, bool mobile)
    {
        using var browser = Browser();
        if (browser == null) return;
        browser.Viewport(width, height, mobile);
        browser.Open(Page(Large.Value.Html));
        var expand = browser.Evaluate("document.getElementById('expand-all').click(), true");
        Assert.True(expand.GetValue<bool>());
        var layout = browser.Evaluate("""
            (function(){var r=function(s){var b=document.querySelector(s).getBoundingClientRect();return {top:b.top,bottom:b.bottom};};
            var wrapped=[].slice.call(document.querySelectorAll('.badge')).filter(function(b){return b.getClientRects().length>1;}).length;
            var nav=performance.getEntriesByType('navigation')[0];
            return {scroll:document.documentElement.scrollWidth,inner:window.innerWidth,innerHeight:window.innerHeight,
              lead:r('#summary .lead'),cards:r('#summary .cards'),badges:document.querySelectorAll('.badge').length,wrapped:wrapped,
              height:document.documentElement.scrollHeight,load:Math.round(nav.loadEventEnd)};})()
            """);
        _output.WriteLine(layout.ToJsonString());
        Keep($"report-{width}.png", browser.Screenshot());
        Assert.Equal(width, (int)layout["inner"]!);
        Assert.True((int)layout["scroll"]! <= width, $"the page is {layout["scroll"]} px wide at {width} px");
        Assert.True((double)layout["cards"]!["bottom"]! <= (int)layout["innerHeight"]!, "the severity counts are below the fold");
        Assert.True((double)layout["lead"]!["bottom"]! <= (int)layout["innerHeight"]!, "the failing objects line is below the fold");
        Assert.True((int)layout["badges"]! > 1000);
        Assert.Equal(0, (int)layout["wrapped"]!);
    }

    [Fact]
    public void Every_finding_is_in_the_page_and_the_count_is_the_summarys()
    {
        using var browser = Browser();
        if (browser == null) return;
        browser.Open(Page(Large.Value.Html));
        var summary = Large.Value.Result.Summary;
        var page = browser.Evaluate("""
            ({rows:document.querySelectorAll('tr.finding').length,
              count:+document.querySelector('#count-findings td').textContent,
              failed:+document.querySelector('#count-failed td').textContent,
              objects:document.querySelectorAll('details.object').length,
              shown:document.getElementById('shown').textContent,
              worst:[].slice.call(document.querySelectorAll('#worst-rules li')).map(function(l){return l.dataset.rule;})})
            """);
        Assert.Equal(summary.Findings, (int)page["rows"]!);
        Assert.Equal(summary.Findings, (int)page["count"]!);
        Assert.Equal(summary.Failed, (int)page["failed"]!);
        Assert.Equal(Large.Value.Result.Findings.Where(f => !f.Suppressed).Select(f => (f.File, f.Object)).Distinct().Count(), (int)page["objects"]!);
        Assert.Equal($"{summary.Findings} of {summary.Findings} findings shown", (string)page["shown"]!);
        Assert.Equal(summary.WorstRules.Take(10).Select(r => r.Key), page["worst"]!.AsArray().Select(n => (string)n!));
    }

    [Theory]
    [InlineData("severity", "critical")]
    [InlineData("rule", "host-pid")]
    [InlineData("namespace", "payments")]
    [InlineData("kind", "DaemonSet")]
    public void A_filter_shows_exactly_the_findings_that_match(string filter, string value)
    {
        using var browser = Browser();
        if (browser == null) return;
        browser.Open(Page(Large.Value.Html));
        var active = Large.Value.Result.Findings.Where(f => !f.Suppressed).ToList();
        Func<Finding, bool> match = filter switch
        {
            "severity" => f => f.Severity.Name() == value,
            "rule" => f => f.Rule == value,
            "namespace" => f => f.Object.Namespace == value,
            _ => f => f.Object.Kind == value,
        };
        var expected = active.Where(match).Select(f => $"{f.File}:{f.Line}:{f.Column} {f.Rule}").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.NotEqual(active.Count, expected.Count);
        var shown = browser.Evaluate($$"""
            (function(){var s=document.getElementById('filter-{{filter}}');s.value='{{value}}';s.dispatchEvent(new Event('change'));document.getElementById('findings').scrollIntoView();
            var rows=[].slice.call(document.querySelectorAll('tr.finding')).filter(function(r){return r.getClientRects().length>0;});
            return {rows:rows.map(function(r){return r.querySelector('td:nth-child(5) code').textContent+' '+r.dataset.rule;}),
              label:document.getElementById('shown').textContent,
              objectsShown:[].slice.call(document.querySelectorAll('details.object')).filter(function(d){return !d.hidden;}).length};})()
            """);
        var rows = shown["rows"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, rows);
        Assert.Equal($"{expected.Count} of {active.Count} findings shown", (string)shown["label"]!);
        if (filter == "severity") Assert.Equal(Large.Value.Result.Summary.BySeverity[Severity.Critical], expected.Count);
        Keep($"filter-{filter}.png", browser.Screenshot());
    }

    [Fact]
    public void The_content_security_policy_runs_the_reports_script_and_refuses_any_other()
    {
        using var browser = Browser();
        if (browser == null) return;
        // As if escaping had failed somewhere: a script element and an inline handler in the body.
        var html = HtmlReporterTests.Render(HtmlReporterTests.Hostile)
            .Replace("<main>", "<main><script>document.title='injected'</script><img id=\"probe\" alt=\"\" src=\"data:,\" onerror=\"document.title='handler'\">", StringComparison.Ordinal);
        browser.Open(Page(html));
        var page = browser.Evaluate("({title:document.title,filters:!document.getElementById('filters').hidden,csp:document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content})");
        Assert.Equal("Stockade audit report", (string)page["title"]!);
        Assert.True((bool)page["filters"]!, "the report's own script did not run");
        Assert.StartsWith("default-src 'none'", (string)page["csp"]!);
    }
}
