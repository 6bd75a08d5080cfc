using System.Text.Json;
using System.Text.RegularExpressions;
using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Tests.Generate;
using Xunit.Abstractions;

namespace Stockade.Tests.Integrations;

/// <summary>scripts/action.sh run as a GitHub runner runs the composite action's step.</summary>
public class ActionScriptTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private ShellRun Action(Dictionary<string, string> inputs)
    {
        var env = new Dictionary<string, string>
        {
            ["PATH"] = Manifests.PathWithStockade(),
            ["GITHUB_WORKSPACE"] = _tree.Root,
            ["GITHUB_OUTPUT"] = _tree.PathOf("github-output"),
            ["GITHUB_STEP_SUMMARY"] = _tree.PathOf("step-summary"),
            ["RUNNER_TEMP"] = _tree.PathOf("runner-temp"),
        };
        foreach (var (k, v) in inputs) env["INPUT_" + k] = v;
        return Shell.Run(RepositoryFiles.PathOf("scripts", "action.sh"), [], env, workingDirectory: "/");
    }

    [Fact]
    public void Findings_at_the_threshold_fail_the_step_with_an_upload_ready_sarif_report()
    {
        _tree.Write("k8s/pod.yaml", Manifests.Privileged);
        var run = Action(new() { ["PATHS"] = "k8s" });
        Assert.Equal(1, run.ExitCode);
        var sarif = JsonDocument.Parse(File.ReadAllText(_tree.PathOf("stockade.sarif"))).RootElement;
        Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
        Assert.NotEmpty(sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        var outputs = File.ReadAllText(_tree.PathOf("github-output"));
        Assert.Contains("report=stockade.sarif\n", outputs);
        Assert.Contains("exit-code=1\n", outputs);
        Assert.Contains("findings at or above high", File.ReadAllText(_tree.PathOf("step-summary")));
    }

    [Fact]
    public void Profile_fail_on_and_several_paths_are_passed_to_the_scan()
    {
        _tree.Write("a/ok.yaml", Manifests.Restricted);
        _tree.Write("b/ok.yaml", Manifests.Restricted);
        var run = Action(new() { ["PATHS"] = "a\nb", ["PROFILE"] = "restricted", ["FORMAT"] = "json", ["OUTPUT"] = "report.json", ["FAIL_ON"] = "low" });
        Assert.True(run.ExitCode == 0, run.Output);
        var json = JsonDocument.Parse(File.ReadAllText(_tree.PathOf("report.json"))).RootElement;
        Assert.Equal("restricted:latest", json.GetProperty("profile").GetString());
        Assert.Equal(2, json.GetProperty("objects").GetArrayLength());
    }

    [Fact]
    public async Task A_baseline_accepts_todays_findings()
    {
        var pod = _tree.Write("k8s/pod.yaml", Manifests.Privileged);
        var accepted = await CliHarness.Run("baseline", "--no-config", "--output", _tree.PathOf("baseline.json"), pod);
        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        var run = Action(new() { ["PATHS"] = "k8s", ["BASELINE"] = "baseline.json" });
        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public void A_missing_path_is_an_error_not_a_pass()
    {
        var run = Action(new() { ["PATHS"] = "nowhere" });
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("exit-code=2", File.ReadAllText(_tree.PathOf("github-output")));
    }

    [Fact]
    public void Every_input_of_action_yml_reaches_the_script()
    {
        var action = File.ReadAllText(RepositoryFiles.PathOf("action.yml"));
        var script = File.ReadAllText(RepositoryFiles.PathOf("scripts", "action.sh"));
        var inputs = Regex.Match(action, @"^inputs:\n((?:  .*\n)+)", RegexOptions.Multiline).Groups[1].Value;
        var names = Regex.Matches(inputs, @"^  ([a-z-]+):$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["paths", "profile", "format", "output", "fail-on", "baseline", "version"], names);
        foreach (var name in names)
        {
            var variable = "INPUT_" + name.ToUpperInvariant().Replace('-', '_');
            Assert.Contains($"{variable}: ${{{{ inputs.{name} }}}}", action);
            Assert.Contains("${" + variable, script);
        }
    }

    [Theory]
    [InlineData("scripts/action.sh")]
    [InlineData("scripts/kubectl-stockade")]
    [InlineData("build/krew-manifest.sh")]
    [InlineData("build/release.sh")]
    [InlineData("build/image.sh")]
    [InlineData("bench/run.sh")]
    [InlineData("bench/memory.sh")]
    [InlineData("bench/webhook-load/run.sh")]
    [InlineData("bench/reliability/run.sh")]
    [InlineData(".ci/run")]
    public void Integration_scripts_are_shellcheck_clean(string script)
    {
        if (!Shell.Has("shellcheck", "shellcheck", output)) return;
        var run = Shell.Run("shellcheck", [RepositoryFiles.PathOf(script.Split('/'))]);
        Assert.True(run.ExitCode == 0, run.Output);
    }
}
