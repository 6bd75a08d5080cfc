using System.Text.Json;
using static Stockade.Tests.Cli.CliHarness;
using static Stockade.Tests.Reporting.ReportFixtures;

namespace Stockade.Tests.Cli;

/// <summary>The documented exit codes and commands, end to end through <c>CommandLine.RunAsync</c>.</summary>
public class CommandLineTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();

    private static List<JsonElement> Findings(JsonElement json, string rule) =>
        json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == rule).ToList();

    [Fact]
    public async Task Clean_manifest_exits_0()
    {
        var run = await Run("scan", "--no-config", _tree.Write("clean.yaml", CleanPod));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no findings", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Finding_at_or_above_fail_on_exits_1()
    {
        var run = await Run("scan", "--no-config", _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(":12:7: critical privileged-container", run.Stdout);
    }

    [Theory]
    [InlineData("none", 0)]
    [InlineData("low", 1)]
    [InlineData("medium", 1)]
    [InlineData("critical", 0)]
    public async Task Fail_on_sets_the_threshold(string failOn, int exit)
    {
        // privileged-container lowered to medium, so "critical" lets it pass and "medium" does not.
        _tree.Write(".stockade.yaml", "rules:\n  privileged-container: medium\n");
        var run = await Run("scan", "--fail-on", failOn, "--format", "json", _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(exit, run.ExitCode);
        var json = Json(run);
        Assert.Equal(failOn, json.GetProperty("summary").GetProperty("failOn").GetString());
        Assert.Equal(exit == 1 ? "fail" : "pass", json.GetProperty("objects")[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Fail_on_critical_still_fails_a_critical_finding()
    {
        var run = await Run("scan", "--no-config", "--fail-on=critical", _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(1, run.ExitCode);
    }

    [Theory]
    [InlineData("scan", "--bogus", "FILE")]
    [InlineData("scan", "--format", "xml", "FILE")]
    [InlineData("scan", "--profile", "nope", "FILE")]
    [InlineData("scan", "--fail-on", "severe", "FILE")]
    [InlineData("scan", "--color", "sometimes", "FILE")]
    [InlineData("scan", "--date", "tomorrow", "FILE")]
    [InlineData("scan", "--jobs", "0", "FILE")]
    [InlineData("scan", "FILE", "--output")]
    [InlineData("scan")]
    [InlineData("frobnicate")]
    [InlineData("rules", "--format", "yaml")]
    [InlineData("rules", "privileged-container")]
    [InlineData("version", "extra")]
    [InlineData("explain")]
    [InlineData("explain", "a", "b")]
    public async Task Usage_errors_exit_2_with_a_message(params string[] args)
    {
        var file = _tree.Write("pod.yaml", PrivilegedPod());
        var run = await Run(args.Select(a => a == "FILE" ? file : a).ToArray());
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("stockade: ", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Missing_file_exits_2_and_the_other_files_are_still_scanned()
    {
        var pod = _tree.Write("pod.yaml", PrivilegedPod());
        var run = await Run("scan", "--no-config", "--format", "json", _tree.PathOf("missing.yaml"), pod);
        Assert.Equal(2, run.ExitCode);
        var json = Json(run);
        Assert.Contains(json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("file").GetString()!.EndsWith("missing.yaml") && e.GetProperty("line").GetInt32() == 0);
        Assert.Single(Findings(json, "privileged-container"));
    }

    [Fact]
    public async Task Yaml_syntax_error_exits_2_and_the_other_files_are_still_scanned()
    {
        _tree.Write("a-bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: [\n");
        _tree.Write("b-pod.yaml", PrivilegedPod());
        var run = await Run("scan", "--no-config", "--format", "json", _tree.Root);
        Assert.Equal(2, run.ExitCode);
        var json = Json(run);
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray().ToList());
        Assert.EndsWith("a-bad.yaml", error.GetProperty("file").GetString());
        Assert.True(error.GetProperty("line").GetInt32() > 0);
        Assert.Single(Findings(json, "privileged-container"));
    }

    [Fact]
    public async Task Output_file_receives_the_report_and_stdout_stays_empty()
    {
        var output = _tree.PathOf("report.json");
        var run = await Run("scan", "--no-config", "--format", "json", "--output", output, _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Unwritable_output_exits_2()
    {
        var run = await Run("scan", "--no-config", "--output", _tree.PathOf("no/such/dir/report.txt"), _tree.Write("pod.yaml", CleanPod));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot write", run.Stderr);
    }

    [Fact]
    public async Task Dash_reads_standard_input()
    {
        var run = await RunWithStdin(PrivilegedPod(), "scan", "--no-config", "-");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("<stdin>:12:7: critical privileged-container", run.Stdout);
    }

    [Fact]
    public async Task Folders_are_searched_recursively_for_yaml_yml_and_json_only()
    {
        _tree.Write("a.yaml", PrivilegedPod("a"));
        _tree.Write("deep/er/b.yml", PrivilegedPod("b"));
        _tree.Write("deep/c.json", """{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "c"}, "spec": {"containers": [{"name": "app", "image": "x", "securityContext": {"privileged": true}}]}}""");
        _tree.Write("notes.txt", PrivilegedPod("txt"));
        _tree.Write("chart/values.yaml.tpl", PrivilegedPod("tpl"));
        _tree.Write(".git/d.yaml", PrivilegedPod("git"));
        var run = await Run("scan", "--no-config", "--format", "json", _tree.Root);
        var json = Json(run);
        Assert.Equal(3, json.GetProperty("summary").GetProperty("files").GetInt32());
        var names = Findings(json, "privileged-container").Select(f => f.GetProperty("object").GetProperty("name").GetString()).ToList();
        Assert.Equal(["a", "c", "b"], names);
    }

    [Fact]
    public async Task Rules_lists_the_catalogue()
    {
        var run = await Run("rules");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"(?m)^privileged-container\s+critical\s+workload\s+Container runs privileged$", run.Stdout);
        Assert.Contains("`stockade explain RULE`", run.Stdout);
    }

    [Fact]
    public async Task Rules_as_json_is_an_array_of_rule_metadata()
    {
        var run = await Run("rules", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var rule = Assert.Single(json.RootElement.EnumerateArray().Where(r => r.GetProperty("id").GetString() == "privileged-container").ToList());
        Assert.Equal("critical", rule.GetProperty("severity").GetString());
        Assert.Contains("privileged: false", rule.GetProperty("remediationYaml").GetString());
        Assert.NotEmpty(rule.GetProperty("references").EnumerateArray());
    }

    [Fact]
    public async Task Explain_prints_the_rule_page()
    {
        var run = await Run("explain", "privileged-container");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("# privileged-container\n", run.Stdout);
        Assert.Contains("## Why", run.Stdout);
        Assert.Contains("```yaml", run.Stdout);
        Assert.Contains("exempt.stockade.dev/privileged-container", run.Stdout);
    }

    [Fact]
    public async Task Explain_prints_the_fields_a_rule_reads_and_its_parameters()
    {
        var run = await Run("explain", "low-user-id");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("## Fields read\n", run.Stdout);
        Assert.Contains("## Parameters\n", run.Stdout);
        Assert.Contains("| `userIdAbove` | non-negative integer | `1000` |", run.Stdout);
    }

    [Fact]
    public async Task Explain_an_unknown_rule_exits_2()
    {
        var run = await Run("explain", "nope");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown rule \"nope\"", run.Stderr);
    }

    [Fact]
    public async Task Version_prints_name_and_version()
    {
        var run = await Run("version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^stockade \d+\.\d+\.\d+\n$", run.Stdout);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_usage_and_exits_0(string flag)
    {
        var run = await Run(flag);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("stockade scan [options] PATH", run.Stdout);
        Assert.Contains("Exit codes", run.Stdout);
    }

    [Fact]
    public async Task Scan_help_lists_the_options()
    {
        var run = await Run("scan", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--profile", "--format", "--output", "--fail-on", "--config", "--no-config" }) Assert.Contains(option, run.Stdout);
    }

    [Fact]
    public async Task No_arguments_prints_usage_and_exits_2()
    {
        var run = await Run();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout);
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("junit")]
    public async Task New_formats_are_selectable(string format)
    {
        var run = await Run("scan", "--no-config", "--format", format, _tree.Write("pod.yaml", PrivilegedPod()));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("privileged-container", run.Stdout);
    }

    [Fact]
    public async Task Linked_folders_are_not_entered_so_a_link_to_a_parent_scans_each_file_once()
    {
        _tree.Write("apps/pod.yaml", PrivilegedPod());
        Directory.CreateSymbolicLink(_tree.PathOf("apps/up"), "..");
        var run = await Run("scan", "--no-config", "--format", "json", _tree.Root);
        var json = Json(run);
        Assert.Equal(1, json.GetProperty("summary").GetProperty("files").GetInt32());
        Assert.Single(Findings(json, "privileged-container"));
    }
}
