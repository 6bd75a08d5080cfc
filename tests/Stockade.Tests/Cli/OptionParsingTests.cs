using System.Text.Json;

namespace Stockade.Tests.Cli;

/// <summary>
/// The option contract kept through System.CommandLine: last value wins, --name=value, -- and -,
/// repeatable options accumulate, did-you-mean for mistyped commands and options, help from the
/// definitions, and shell completion.
/// </summary>
public sealed class OptionParsingTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static Task<CliRun> Run(params string[] args) => CliHarness.Run(args);

    private string PrivilegedPod() => _tree.Write("pod.yaml", """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: nginx
              securityContext:
                privileged: true
        """);

    [Fact]
    public async Task A_single_value_option_given_twice_takes_the_last_value()
    {
        var run = await Run("scan", "--no-config", "--format", "sarif", "--format", "json", PrivilegedPod());
        Assert.Equal(1, run.ExitCode);
        Assert.True(JsonDocument.Parse(run.Stdout).RootElement.TryGetProperty("summary", out _));
    }

    [Fact]
    public async Task The_last_value_wins_for_the_fail_threshold_too()
    {
        var pod = PrivilegedPod();
        Assert.Equal(0, (await Run("scan", "--no-config", "--fail-on", "low", "--fail-on", "none", pod)).ExitCode);
        Assert.Equal(1, (await Run("scan", "--no-config", "--fail-on", "none", "--fail-on=low", pod)).ExitCode);
    }

    [Fact]
    public async Task An_option_value_may_follow_an_equals_sign()
    {
        var run = await Run("scan", "--no-config", "--format=json", PrivilegedPod());
        Assert.Equal(1, run.ExitCode);
        Assert.True(JsonDocument.Parse(run.Stdout).RootElement.TryGetProperty("summary", out _));
        var alias = await Run("scan", "--no-config", "-f=json", PrivilegedPod());
        Assert.Equal(run.Stdout, alias.Stdout);
    }

    [Fact]
    public async Task A_value_given_to_a_flag_is_a_usage_error_not_a_path()
    {
        var run = await Run("scan", "--no-config", "--psa=yes", PrivilegedPod());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stockade: option --psa takes no value", run.Stderr);
    }

    [Fact]
    public async Task An_option_without_its_value_is_a_usage_error()
    {
        var run = await Run("scan", PrivilegedPod(), "--format");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stockade: option --format needs a value", run.Stderr);
    }

    [Fact]
    public async Task After_a_double_dash_a_word_starting_with_a_dash_is_a_path()
    {
        var run = await Run("scan", "--no-config", "--", "--not-an-option.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("unknown option", run.Stderr + run.Stdout);
        Assert.Contains("--not-an-option.yaml: error: no such file", run.Stdout);
    }

    [Fact]
    public async Task A_lone_dash_is_standard_input()
    {
        var run = await CliHarness.RunWithStdin(File.ReadAllText(PrivilegedPod()), "scan", "--no-config", "--format", "json", "-");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("privileged-container", run.Stdout);
    }

    [Fact]
    public async Task Response_files_and_bundled_short_options_are_not_interpreted()
    {
        var response = await Run("scan", "--no-config", "@" + _tree.Write("args.txt", "--help"));
        Assert.Equal(2, response.ExitCode);
        Assert.DoesNotContain("Usage:", response.Stdout);
        var bundled = await Run("scan", "--no-config", "-vx", PrivilegedPod());
        Assert.Equal(2, bundled.ExitCode);
        Assert.Contains("unknown option -vx", bundled.Stderr);
    }

    [Fact]
    public async Task Repeated_excludes_accumulate()
    {
        _tree.Write("a/pod.yaml", File.ReadAllText(PrivilegedPod()));
        _tree.Write("b/pod.yaml", File.ReadAllText(PrivilegedPod()));
        var run = await Run("scan", "--no-config", "--format", "json", "--exclude", _tree.PathOf("a") + "/**", "--exclude=" + _tree.PathOf("b") + "/**", _tree.PathOf("a"), _tree.PathOf("b"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(run.Stdout).RootElement.GetProperty("summary").GetProperty("files").GetInt32());
    }

    [Theory]
    [InlineData(new[] { "scan", "--formt", "json", "x.yaml" }, "unknown option --formt (see --help); did you mean --format?")]
    [InlineData(new[] { "scan", "--exlude", "x", "x.yaml" }, "did you mean --exclude?")]
    [InlineData(new[] { "scna", "x.yaml" }, "unknown command \"scna\" (see stockade --help); did you mean scan?")]
    [InlineData(new[] { "generate", "iptable" }, "did you mean iptables?")]
    [InlineData(new[] { "audit", "--kubeconfg", "k" }, "did you mean --kubeconfig?")]
    public async Task A_mistyped_command_or_option_names_the_nearest_one(string[] args, string message)
    {
        var run = await Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("stockade: ", run.Stderr);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task Nothing_near_is_suggested_for_a_word_far_from_every_option()
    {
        var run = await Run("scan", "--zzzzzzzz", "x.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("did you mean", run.Stderr);
    }

    [Fact]
    public async Task Help_lists_the_short_aliases_and_every_format()
    {
        var run = await Run("scan", "--help");
        Assert.Contains("-o, --output FILE", run.Stdout);
        Assert.Contains("-f, --format FORMAT", run.Stdout);
        Assert.Contains("html", run.Stdout);
    }

    [Fact]
    public async Task Help_command_prints_the_commands_own_help()
    {
        var help = await Run("help", "scan");
        Assert.Equal(0, help.ExitCode);
        Assert.Equal((await Run("scan", "--help")).Stdout, help.Stdout);
        Assert.Equal((await Run("generate", "iptables", "--help")).Stdout, (await Run("help", "generate", "iptables")).Stdout);
        Assert.Equal(2, (await Run("help", "scna")).ExitCode);
    }

    [Theory]
    [InlineData("stockade sc", new[] { "scan" })]
    [InlineData("stockade generate ", new[] { "iptables", "network-policies", "node-job", "webhook" })]
    [InlineData("/usr/local/bin/stockade scan --format j", new[] { "json", "junit" })]
    [InlineData("stockade scan --fail", new[] { "--fail-on" })]
    public async Task The_suggest_directive_completes_commands_kinds_options_and_values(string line, string[] expected)
    {
        var run = await Run($"[suggest:{line.Length}]", line);
        Assert.Equal(0, run.ExitCode);
        foreach (var word in expected) Assert.Contains(word, run.Stdout.Split('\n'));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _stockade_complete stockade")]
    [InlineData("zsh", "#compdef stockade")]
    public async Task Completion_prints_a_script_that_asks_the_suggest_directive(string shell, string marker)
    {
        var run = await Run("completion", shell);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(marker, run.Stdout);
        Assert.Contains("[suggest:", run.Stdout);
        var unknown = await Run("completion", "fish");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown shell \"fish\"", unknown.Stderr);
    }

    [Theory]
    [InlineData("stockade sc", "scan")]
    [InlineData("stockade scan --format ", "html json junit sarif text")]
    [InlineData("stockade scan --profile ", "baseline cluster hardened namespace none restricted")]
    [InlineData("stockade generate w", "webhook")]
    public void The_bash_script_completes_in_a_real_bash(string line, string expected)
    {
        // The script as a user sources it, calling `stockade` from PATH, with bash's own COMP_* variables.
        using var tree = new TempTree();
        var bin = tree.PathOf("bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "stockade"), Stockade.Tests.Hostile.InputProcess.Executable);
        var script = $$"""
            export PATH="{{bin}}:$PATH"
            source <(stockade completion bash)
            COMP_LINE='{{line}}'; COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"; [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _stockade_complete
            printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
            """;
        var run = Stockade.Tests.Hostile.InputProcess.Bash(tree.Root, script);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(expected, run.Stdout.Trim());
    }
}
