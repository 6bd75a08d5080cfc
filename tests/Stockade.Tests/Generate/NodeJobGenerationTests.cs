using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Generate;

/// <summary>
/// The node Job passes Stockade's own hardened profile except for what reading a node needs, and
/// each of those exemptions is written in the Job with its reason and is used.
/// </summary>
public class NodeJobGenerationTests
{
    private static ScanResult ScanJob(string yaml) => new Scanner(new ScanOptions
    {
        Profile = ProfileRegistry.Hardened,
        Config = StockadeConfig.Default,
        Today = new DateOnly(2026, 1, 15),
        MaxParallelism = 1,
    }).Scan([new ScanInput("node-job.yaml", () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml)))]);

    [Theory]
    [InlineData("generate", "node-job")]
    [InlineData("generate", "node-job", "--control-plane", "--node", "cp-1", "--format", "json")]
    public async Task The_generated_job_is_hardened_clean_but_for_its_reasoned_exemptions(params string[] args)
    {
        var run = await CliHarness.Run(args);
        Assert.Equal(0, run.ExitCode);
        var result = ScanJob(run.Stdout);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings.Where(f => !f.Suppressed).Select(f => $"{f.Rule}: {f.Message}"));
        var exempted = result.Findings.Select(f => f.Rule).ToHashSet();
        Assert.Equal(["host-path-sensitive", "host-path-volume", "host-pid", "run-as-root"], exempted.Order());
        Assert.All(result.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.SuppressionReason)));
    }

    [Fact]
    public async Task Every_mount_is_read_only_and_the_command_reads_the_mounted_root()
    {
        var run = await CliHarness.Run("generate", "node-job");
        var mounts = run.Stdout.Split('\n').Count(l => l.Trim().StartsWith("mountPath: /host/", StringComparison.Ordinal));
        var readOnly = run.Stdout.Split('\n').Count(l => l.Trim() == "readOnly: true");
        Assert.Equal(Stockade.Cli.Generate.NodeJobCommand.Mounts.Length, mounts);
        Assert.Equal(mounts, readOnly);
        Assert.Contains("\"node\", \"--root\", \"/host\", \"--proc\", \"/proc\"", run.Stdout);
    }
}
