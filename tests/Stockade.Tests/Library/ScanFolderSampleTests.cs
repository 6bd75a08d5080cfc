using System.Text.Json;
using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Tests.Generate;

namespace Stockade.Tests.Library;

/// <summary>
/// samples/ScanFolder, the library's sample, is what docs/library.md shows, and it runs as a user
/// of the package runs it: the program the build made, on a folder of manifests.
/// </summary>
public class ScanFolderSampleTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private const string PrivilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - name: web
              image: nginx
              securityContext:
                privileged: true
        """;

    private const string NotAManifest = "just: a mapping\n";

    [Fact]
    public void The_usage_example_in_docs_library_md_is_the_sample_program()
    {
        var program = File.ReadAllText(RepositoryFiles.PathOf("samples", "ScanFolder", "Program.cs")).ReplaceLineEndings("\n");
        var doc = File.ReadAllText(RepositoryFiles.PathOf("docs", "library.md")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + program + "```\n", doc);
    }

    [Fact]
    public void The_sample_prints_each_finding_with_its_position_and_the_summary_and_fails_the_run()
    {
        var pod = _tree.Write("apps/pod.yaml", PrivilegedPod);
        _tree.Write("apps/readme.txt", "not scanned: not YAML or JSON\n");
        _tree.Write("apps/values.yaml", NotAManifest);

        var run = RunSample(_tree.Root, "restricted");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}");
        Assert.Contains($"{pod}:9:9: high pss-privileged Pod/web: privileged", run.Stdout);
        Assert.Contains("2 files, 1 objects (0 passed, 1 failed), 5 findings, 0 suppressed, 0 errors", run.Stdout);
    }

    [Fact]
    public void The_sample_reads_the_folders_stockade_yaml_as_the_cli_does()
    {
        _tree.Write(".stockade.yaml", "rules:\n  pss-privileged: off\n  pss-run-as-non-root: medium\n");
        var pod = _tree.Write("apps/pod.yaml", PrivilegedPod);

        var run = RunSample(_tree.PathOf("apps"), "restricted");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}");
        Assert.DoesNotContain("pss-privileged", run.Stdout);
        Assert.Contains($"{pod}:9:9: medium pss-run-as-non-root Pod/web: ", run.Stdout);
    }

    [Fact]
    public void The_sample_writes_the_report_of_the_format_it_is_given()
    {
        _tree.Write("pod.yaml", PrivilegedPod);

        var run = RunSample(_tree.Root, "restricted", "json");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}");
        using var report = JsonDocument.Parse(run.Stdout);
        Assert.Equal("restricted:latest", report.RootElement.GetProperty("profile").GetString());
        Assert.Contains(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "pss-privileged");
    }

    [Fact]
    public void The_sample_refuses_an_unknown_profile_with_the_known_names()
    {
        var run = RunSample(_tree.Root, "strict");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown profile \"strict\"", run.Stderr);
        Assert.Contains("restricted", run.Stderr);
    }

    /// <summary>The sample as built with the tests' configuration (the test project builds it first).</summary>
    private static ShellRun RunSample(params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var program = RepositoryFiles.PathOf("samples", "ScanFolder", "bin", configuration, "net10.0", "ScanFolder.dll");
        Assert.True(File.Exists(program), $"{program} is missing: build Stockade.sln");
        return Shell.Run("dotnet", [program, .. args]);
    }
}
