using System.Reflection.PortableExecutable;
using Stockade.Tests.Cli;
using Stockade.Tests.Generate;

namespace Stockade.Tests.Release;

/// <summary>
/// The release's .NET tool package installs as docs/install.md says (`dotnet tool install
/// --add-source OUTDIR stockade --version VERSION`) and the installed command scans. NuGet reads
/// the release folder only (a config that clears every other source), so a package of the same
/// name elsewhere cannot stand in for it. The tool is RID-specific: Stockade.VERSION.nupkg points
/// at Stockade.linux-x64 (ReadyToRun) and Stockade.any (portable), and this machine gets linux-x64.
/// </summary>
[Trait("Category", ReleaseFolder.Category)]
public class ToolPackageTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Tool_package_installs_from_the_release_folder_and_scans()
    {
        if (ReleaseFolder.Find() is not { } dir) return;
        // The tool's package is Stockade.VERSION.nupkg beside the library's Stockade.Core.VERSION.nupkg.
        var package = Assert.Single(Directory.GetFiles(dir, "*.nupkg").Select(Path.GetFileName),
            f => char.IsAsciiDigit(f![(f.IndexOf('.') + 1)]));
        var version = package!["Stockade.".Length..^".nupkg".Length];
        Assert.True(File.Exists(Path.Combine(dir, $"Stockade.linux-x64.{version}.nupkg")), "no Stockade.linux-x64 package in the release folder");
        Assert.True(File.Exists(Path.Combine(dir, $"Stockade.any.{version}.nupkg")), "no portable Stockade.any package in the release folder");
        var config = _tree.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="release" value="{dir}" />
              </packageSources>
            </configuration>
            """);
        var tools = _tree.PathOf("tools");
        var install = Shell.Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "stockade", "--version", version]);
        Assert.True(install.ExitCode == 0, install.Output);

        // The linux-x64 implementation was installed, and it is ReadyToRun-compiled.
        var assembly = Assert.Single(Directory.GetFiles(Path.Combine(tools, ".store"), "stockade.dll", SearchOption.AllDirectories));
        Assert.Contains($"{Path.DirectorySeparatorChar}linux-x64{Path.DirectorySeparatorChar}", assembly);
        Assert.True(IsReadyToRun(assembly), $"{assembly} has no ReadyToRun code");

        var stockade = Path.Combine(tools, "stockade");
        var shown = Shell.Run(stockade, ["--version"]);
        Assert.True(shown.ExitCode == 0, shown.Output);
        Assert.Contains(version, shown.Stdout);

        var pod = _tree.Write("pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
                - name: web
                  image: nginx
                  securityContext: {privileged: true}
            """);
        var scan = Shell.Run(stockade, ["scan", "--no-config", "--profile", "restricted", pod]);
        Assert.True(scan.ExitCode == 1, $"exit {scan.ExitCode}: {scan.Output}");
        Assert.Contains("privileged", scan.Stdout);
    }

    // crossgen2's output: a managed native header and the IL-library flag (the IL stays, for the JIT to fall back on).
    private static bool IsReadyToRun(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var cor = pe.PEHeaders.CorHeader!;
        return cor.ManagedNativeHeaderDirectory.Size > 0 && (cor.Flags & CorFlags.ILLibrary) != 0;
    }
}
