using Stockade.Tests.Cli;
using Stockade.Tests.Reporting;

namespace Stockade.Tests.Hostile;

/// <summary>A report that cannot be written is an error (exit code 2), never a crash or a truncated file.</summary>
public class OutputWriteTests
{
    private static readonly string Examples = Path.Combine(RepoPaths.Root, "examples");

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("junit")]
    public void A_full_disk_behind_the_output_file_is_exit_code_2_with_a_message(string format)
    {
        var run = OutputProcess.Run("", "", "scan", "--format", format, "-o", "/dev/full", Examples);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stockade: cannot write /dev/full", run.Stderr);
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
    }

    [Theory]
    [InlineData("scan", "text")]
    [InlineData("scan", "sarif")]
    [InlineData("audit", "html")]
    public void A_full_disk_behind_standard_output_is_exit_code_2_with_a_message(string command, string format)
    {
        var source = command == "audit" ? new[] { "--from", Examples } : [Examples];
        var run = OutputProcess.Run("", "> /dev/full", [command, "--format", format, .. source]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stockade: cannot write standard output", run.Stderr);
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
    }

    [Fact]
    public void A_run_killed_while_writing_its_report_leaves_the_previous_report_untouched()
    {
        using var tree = new TempTree();
        const string previous = "{\"previous\": \"report\"}\n";
        var report = tree.Write("report.json", previous);
        // A file-size limit of 50 KiB kills the process (SIGXFSZ) part-way through the ~200 KiB report.
        var run = OutputProcess.Run("ulimit -f 100;", "", "scan", "--format", "json", "-o", report, Examples);
        Assert.NotEqual(0, run.ExitCode);
        Assert.NotEqual(1, run.ExitCode);
        Assert.Equal(previous, File.ReadAllText(report));
    }

    public static TheoryData<string[]> CommandsWithOutputFiles => new()
    {
        { ["scan", "--format", "json", Path.Combine(Examples, "pod.json")] },
        { ["audit", "--format", "html", "--from", Path.Combine(Examples, "cluster", "rbac.yaml")] },
        { ["mutate", "--policy", Path.Combine(Examples, "psp", "restricted.yaml"), Path.Combine(Examples, "psp", "nginx-deployment.yaml")] },
        { ["generate", "iptables", "--apiserver", "10.0.0.1", "--pod-cidr", "10.244.0.0/16", "--network", "vpc"] },
    };

    [Theory]
    [MemberData(nameof(CommandsWithOutputFiles))]
    public async Task Every_command_replaces_its_output_file_whole_and_leaves_no_temporary_file(string[] args)
    {
        using var tree = new TempTree();
        var path = tree.Write("out/report", "a previous report, longer than nothing at all\n");
        var toStdout = await CliHarness.Run(args);
        var toFile = await CliHarness.Run([.. args, "-o", path]);
        Assert.Equal(toStdout.ExitCode, toFile.ExitCode);
        Assert.True(toFile.ExitCode is 0 or 1, toFile.Stderr);
        Assert.Equal("", toFile.Stdout);
        // The same bytes as standard output (HTML and iptables carry no clock, JSON no time).
        Assert.Equal(toStdout.Stdout, File.ReadAllText(path));
        Assert.Equal(["report"], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }
}
