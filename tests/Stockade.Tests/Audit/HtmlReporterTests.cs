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
    public void Summary_comes_first_and_reads_the_one_summary()
    {
        var result = TestScan.Yaml(Hostile);
        var html = Render(Hostile);
        var s = result.Summary;
        Assert.True(html.IndexOf("id=\"summary\"", StringComparison.Ordinal) < html.IndexOf("id=\"toc\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("id=\"toc\"", StringComparison.Ordinal) < html.IndexOf("id=\"findings\"", StringComparison.Ordinal));
        Assert.Contains($"<b id=\"lead-failed\">{s.Failed}</b> of {s.Objects} objects failing", html);
        Assert.Contains($"data-severity=\"critical\"><span class=\"n\">{s.BySeverity[Engine.Severity.Critical]}</span>", html);
        var worst = Regex.Matches(html, "<li data-rule=\"([^\"]+)\" data-count=\"(\\d+)\">").Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value))).ToList();
        Assert.Equal(s.WorstRules.Take(10).Select(r => (r.Key, r.Value.Count)), worst);
        Assert.Equal("privileged-container", worst[0].Item1);
    }

    [Fact]
    public void Findings_are_grouped_per_object_and_every_rule_gives_its_fix_once()
    {
        var result = TestScan.Yaml(Hostile);
        var html = Render(Hostile);
        var active = result.Findings.Where(f => !f.Suppressed).ToList();
        Assert.Equal(active.Count, Regex.Matches(html, "<tr class=\"finding\"").Count);
        Assert.Equal(2, Regex.Matches(html, "<details class=\"object\"").Count);
        Assert.Contains("data-kind=\"Pod\" data-namespace=\"ops\" open>", html);
        foreach (var rule in active.Select(f => f.Rule).Distinct())
        {
            var metadata = Stockade.Rules.Catalog.Find(rule)!.Metadata;
            Assert.Single(Regex.Matches(html, $"id=\"rule-{rule}\""));
            Assert.Contains($"<option value=\"{rule}\">", html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(metadata.Remediation), html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(metadata.RemediationYaml.TrimEnd()), html);
        }
    }

    [Fact]
    public void Objects_start_collapsed_beyond_the_open_limit()
    {
        var html = Render(HtmlLayoutTests.Many(30));
        Assert.True(Regex.Matches(html, "<tr class=\"finding\"").Count > HtmlReporter.OpenUpTo);
        Assert.DoesNotContain("\" open>", html);
    }

    [Fact]
    public void Policy_allows_only_the_pages_own_style_and_script()
    {
        var html = Render(Hostile);
        var policy = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").Groups[1].Value;
        string Hash(string tag) => "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
            Regex.Match(html, $"<{tag}>(.*?)</{tag}>", RegexOptions.Singleline).Groups[1].Value)));
        Assert.Equal($"default-src 'none'; style-src '{Hash("style")}'; script-src '{Hash("script")}'; base-uri 'none'; form-action 'none'", policy);
        Assert.DoesNotMatch(new Regex("\\son[a-z]+=", RegexOptions.IgnoreCase), html.Replace("onerror=alert(2)", ""));
        Assert.DoesNotContain("style=\"", html);
    }

    [Fact]
    public void A_clean_result_says_so()
    {
        var html = Render("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        Assert.Contains("No findings.", html);
        Assert.Contains("class=\"pass\">pass<", html);
    }
}
