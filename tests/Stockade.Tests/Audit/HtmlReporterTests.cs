using System.Text;
using System.Text.RegularExpressions;
using Stockade.Reporting;

namespace Stockade.Tests.Audit;

/// <summary>The HTML report's content, self-containment and escaping, read as text.</summary>
public class HtmlReporterTests
{
    public const string Hostile = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: "shop<script>alert(1)</script>"
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: "x\"><img src=x onerror=alert(2)>"
                image: nginx:1.27
                securityContext:
                  privileged: true
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
          namespace: ops
        spec:
          hostPID: true
          containers:
          - name: debug
            image: busybox
        """;

    public static string Render(string yaml)
    {
        var result = TestScan.Yaml(yaml);
        var output = new MemoryStream();
        new HtmlReporter().Write(result, output, new ReportOptions());
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Text_from_the_objects_is_escaped()
    {
        var html = Render(Hostile);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("shop&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("x&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html);
        // Exactly one script element: the report's own.
        Assert.Single(Regex.Matches(html, "<script"));
    }

    [Fact]
    public void Has_no_external_assets()
    {
        var html = Render(Hostile);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotMatch(new Regex("<(script|img|iframe)[^>]*\\ssrc=", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public void Summarises_by_severity_namespace_and_rule_and_gives_every_fix()
    {
        var result = TestScan.Yaml(Hostile);
        var html = Render(Hostile);
        foreach (var id in new[] { "chart-severity", "chart-namespace", "chart-rule" }) Assert.Contains($"id=\"{id}\"", html);
        var critical = result.Findings.Count(f => !f.Suppressed && f.Severity == Engine.Severity.Critical);
        Assert.Contains($"data-severity=\"critical\"><span class=\"n\">{critical}</span>", html);
        Assert.Contains("data-label=\"ops\"", html);
        var active = result.Findings.Where(f => !f.Suppressed).ToList();
        Assert.Equal(active.Count, Regex.Matches(html, "<tr class=\"finding\"").Count);
        foreach (var rule in active.Select(f => f.Rule).Distinct())
        {
            var metadata = Stockade.Rules.Catalog.Find(rule)!.Metadata;
            Assert.Contains($"id=\"rule-{rule}\"", html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(metadata.Remediation), html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(metadata.RemediationYaml.TrimEnd()), html);
        }
    }

    [Fact]
    public void A_clean_result_says_so()
    {
        var html = Render("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        Assert.Contains("No findings.", html);
        Assert.Contains("class=\"pass\">pass<", html);
    }
}
