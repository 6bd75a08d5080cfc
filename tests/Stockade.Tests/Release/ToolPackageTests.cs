using System.Reflection.PortableExecutable;
using System.Text.Json;
using Stockade.Tests.Cli;
using Stockade.Tests.Generate;

namespace Stockade.Tests.Release;

/// <summary>
/// The release's .NET tool package installs as docs/install.md says (`dotnet tool install
/// --add-source OUTDIR stockade --version VERSION`) and the installed command scans. The tool is
/// RID-specific: Stockade.VERSION.nupkg points at Stockade.linux-x64 (self-contained, one composite
/// ReadyToRun image with its trimmed runtime) and Stockade.any (portable, framework-dependent), and
/// this machine gets linux-x64. Serve and a live audit from the installed tool are in
/// <see cref="ReleasedServeTests"/> and <see cref="ReleasedLiveAuditTests"/>.
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
        var (stockade, store, version) = ReleaseFolder.InstallTool(dir, _tree);
        Assert.True(File.Exists(Path.Combine(dir, $"Stockade.linux-x64.{version}.nupkg")), "no Stockade.linux-x64 package in the release folder");
        Assert.True(File.Exists(Path.Combine(dir, $"Stockade.any.{version}.nupkg")), "no portable Stockade.any package in the release folder");

        // The linux-x64 implementation was installed: self-contained (its runtimeconfig names the
        // frameworks it carries instead of frameworks to find) and ReadyToRun-compiled as one composite
        // image with that runtime (docs/install.md, docs/benchmarks.md "The self-contained composite tool").
        var assembly = Assert.Single(Directory.GetFiles(store, "stockade.dll", SearchOption.AllDirectories));
        Assert.Contains($"{Path.DirectorySeparatorChar}linux-x64{Path.DirectorySeparatorChar}", assembly);
        Assert.True(IsReadyToRun(assembly), $"{assembly} has no ReadyToRun code");
        var folder = Path.GetDirectoryName(assembly)!;
        using (var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "stockade.runtimeconfig.json"))))
        {
            var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");
            Assert.True(options.TryGetProperty("includedFrameworks", out _), $"the installed tool is not self-contained: {options}");
        }
        Assert.True(File.Exists(Path.Combine(folder, "stockade.r2r.dll")), "no composite ReadyToRun image beside the installed tool");
        Assert.True(IsReadyToRun(Path.Combine(folder, "System.Private.CoreLib.dll")), "the tool's runtime is not ReadyToRun-compiled");

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
