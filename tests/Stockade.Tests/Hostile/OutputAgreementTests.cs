using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Stockade.Tests.Cli;
using Stockade.Tests.Reporting;

namespace Stockade.Tests.Hostile;

/// <summary>
/// Every format tells the same truth: run through the command line over every example, text, JSON,
/// SARIF, JUnit and HTML agree on the findings, the failed objects and the exit code.
/// </summary>
public partial class OutputAgreementTests
{
    private static readonly string Examples = Path.Combine(RepoPaths.Root, "examples");

    /// <summary>What one format says: its unsuppressed findings (<c>FILE:LINE:COL RULE</c>), failed objects and exit code.</summary>
    private sealed record Told(List<string> Findings, int FindingCount, int Failed, List<string>? FailedObjects, int ExitCode);

    public static TheoryData<string> Commands => new() { "scan", "audit" };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_format_reports_the_same_findings_failed_objects_and_exit_code_for_the_examples(string command)
    {
        var told = new Dictionary<string, Told>();
        foreach (var format in new[] { "text", "json", "sarif", "junit", "html" })
        {
            var run = command == "scan"
                ? await CliHarness.Run("scan", "--format", format, Examples)
                : await CliHarness.Run("audit", "--format", format, "--from", Examples);
            Assert.True(run.ExitCode is 0 or 1 or 2, run.Stderr);
            told[format] = format switch
            {
                "text" => Text(run),
                "json" => Json(run),
                "sarif" => Sarif(run),
                "junit" => JUnit(run),
                _ => Html(run),
            };
        }
        var json = told["json"];
        Assert.NotEmpty(json.Findings);
        Assert.Equal(json.Findings.Count, json.FindingCount);
        foreach (var (format, t) in told)
        {
            Assert.True(json.Findings.SequenceEqual(t.Findings), $"{format} lists other findings than json");
            Assert.True(t.FindingCount == json.FindingCount, $"{format} counts {t.FindingCount} findings, json {json.FindingCount}");
            Assert.True(t.Failed == json.Failed, $"{format} counts {t.Failed} failed objects, json {json.Failed}");
            if (t.FailedObjects != null) Assert.Equal(json.FailedObjects, t.FailedObjects);
            Assert.True(t.ExitCode == json.ExitCode, $"{format} exits {t.ExitCode}, json {json.ExitCode}");
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_failing_cross_object_finding_fails_the_object_it_is_reported_on(string command)
    {
        var run = command == "scan"
            ? await CliHarness.Run("scan", "--format", "json", Examples)
            : await CliHarness.Run("audit", "--format", "json", "--from", Examples);
        var root = JsonDocument.Parse(run.Stdout).RootElement;
        var failOn = Severity(root.GetProperty("summary").GetProperty("failOn").GetString()!);
        var failed = root.GetProperty("objects").EnumerateArray().Where(o => o.GetProperty("verdict").GetString() == "fail").Select(ObjectKey).ToHashSet();
        var failing = root.GetProperty("findings").EnumerateArray()
            .Where(f => !f.GetProperty("suppressed").GetBoolean() && Severity(f.GetProperty("severity").GetString()!) >= failOn)
            .ToList();
        Assert.Contains(failing, f => f.GetProperty("rule").GetString() == "rbac-cluster-admin-binding");
        foreach (var f in failing)
        {
            var key = $"{f.GetProperty("file").GetString()} {ObjectName(f.GetProperty("object"))}";
            Assert.True(failed.Contains(key), $"{key} has {f.GetProperty("rule").GetString()} at or above {failOn} but passes");
        }
    }

    private static int Severity(string name) => Array.IndexOf(["low", "medium", "high", "critical", "none"], name);

    /// <summary><c>Kind/namespace/name</c> as JUnit names a test case.</summary>
    private static string ObjectName(JsonElement o) =>
        $"{o.GetProperty("kind").GetString()}/{(o.GetProperty("namespace").GetString() is { Length: > 0 } ns ? ns + "/" : "")}{o.GetProperty("name").GetString() ?? "(unnamed)"}";

    private static string ObjectKey(JsonElement o) => $"{o.GetProperty("file").GetString()} {ObjectName(o)}";

    private static List<string> Sorted(IEnumerable<string> keys) => keys.Order(StringComparer.Ordinal).ToList();

    private static Told Json(CliRun run)
    {
        var root = JsonDocument.Parse(run.Stdout).RootElement;
        var findings = root.GetProperty("findings").EnumerateArray().Where(f => !f.GetProperty("suppressed").GetBoolean())
            .Select(f => $"{f.GetProperty("file").GetString()}:{f.GetProperty("line").GetInt32()}:{f.GetProperty("column").GetInt32()} {f.GetProperty("rule").GetString()}");
        var failed = root.GetProperty("objects").EnumerateArray().Where(o => o.GetProperty("verdict").GetString() == "fail").Select(ObjectKey);
        var summary = root.GetProperty("summary");
        Assert.Equal(run.ExitCode, summary.GetProperty("exitCode").GetInt32());
        return new Told(Sorted(findings), summary.GetProperty("findings").GetInt32(), summary.GetProperty("failed").GetInt32(), Sorted(failed), run.ExitCode);
    }

    [GeneratedRegex(@"^(?<where>.+:\d+:\d+): (critical|high|medium|low) (?<rule>\S+) ")]
    private static partial Regex TextFinding();

    [GeneratedRegex(@"^(no findings|(?<n>\d+) findings? \().*; \d+ objects? in \d+ files?: \d+ passed, (?<failed>\d+) failed")]
    private static partial Regex TextSummary();

    private static Told Text(CliRun run)
    {
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        var findings = lines.Select(l => TextFinding().Match(l)).Where(m => m.Success).Select(m => $"{m.Groups["where"].Value} {m.Groups["rule"].Value}");
        var summary = TextSummary().Match(lines[^1]);
        Assert.True(summary.Success, lines[^1]);
        var count = summary.Groups["n"].Success ? int.Parse(summary.Groups["n"].Value) : 0;
        return new Told(Sorted(findings), count, int.Parse(summary.Groups["failed"].Value), null, run.ExitCode);
    }

    private static Told Sarif(CliRun run)
    {
        var sarifRun = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("runs")[0];
        var findings = sarifRun.GetProperty("results").EnumerateArray().Where(r => !r.TryGetProperty("suppressions", out _)).Select(r =>
        {
            var physical = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            var file = uri.StartsWith("file:", StringComparison.Ordinal) ? new Uri(uri).LocalPath : Path.GetFullPath(Uri.UnescapeDataString(uri));
            var region = physical.GetProperty("region");
            return $"{file}:{region.GetProperty("startLine").GetInt32()}:{region.GetProperty("startColumn").GetInt32()} {r.GetProperty("ruleId").GetString()}";
        });
        var summary = sarifRun.GetProperty("properties").GetProperty("summary");
        Assert.Equal(run.ExitCode, summary.GetProperty("exitCode").GetInt32());
        return new Told(Sorted(findings), summary.GetProperty("findings").GetInt32(), summary.GetProperty("failed").GetInt32(), null, run.ExitCode);
    }

    [GeneratedRegex(@"^(?<line>\d+):(?<column>\d+) (critical|high|medium|low) (?<rule>\S+) ")]
    private static partial Regex JUnitFinding();

    private static Told JUnit(CliRun run)
    {
        var root = XDocument.Parse(run.Stdout).Root!;
        var findings = new List<string>();
        var failed = new List<string>();
        foreach (var c in root.Descendants("testcase"))
        {
            var file = c.Attribute("classname")!.Value;
            if (c.Element("failure") != null) failed.Add($"{file} {c.Attribute("name")!.Value}");
            var text = string.Concat(c.Elements("failure").Concat(c.Elements("system-out")).Select(e => e.Value));
            findings.AddRange(text.Split('\n').Where(l => !l.Contains("(suppressed: ", StringComparison.Ordinal))
                .Select(l => JUnitFinding().Match(l)).Where(m => m.Success)
                .Select(m => $"{file}:{m.Groups["line"].Value}:{m.Groups["column"].Value} {m.Groups["rule"].Value}"));
        }
        var failures = int.Parse(root.Attribute("failures")!.Value);
        Assert.Equal(failed.Count, failures);
        var exit = int.Parse(root.Attribute("errors")!.Value) > 0 ? 2 : root.Descendants("failure").Any() ? 1 : 0;
        Assert.Equal(run.ExitCode, exit);
        return new Told(Sorted(findings), findings.Count, failures, Sorted(failed), run.ExitCode);
    }

    [GeneratedRegex("""<tr class="finding" data-rule="(?<rule>[^"]+)".*?<td><code>(?<where>[^<]+)</code>""")]
    private static partial Regex HtmlFinding();

    private static int HtmlCount(string html, string id) =>
        int.Parse(Regex.Match(html, $"<tr id=\"count-{id}\"><th>[^<]*</th><td>(\\d+)</td>").Groups[1].Value);

    private static Told Html(CliRun run)
    {
        var html = run.Stdout;
        var findings = HtmlFinding().Matches(html).Select(m => $"{WebUtility.HtmlDecode(m.Groups["where"].Value)} {WebUtility.HtmlDecode(m.Groups["rule"].Value)}");
        var verdict = Regex.Match(html, "<b id=\"verdict\" class=\"(pass|fail)\">([^<]*)</b>");
        var exit = verdict.Groups[2].Value.StartsWith("error", StringComparison.Ordinal) ? 2 : verdict.Groups[1].Value == "fail" ? 1 : 0;
        return new Told(Sorted(findings), HtmlCount(html, "findings"), HtmlCount(html, "failed"), null, exit);
    }
}
