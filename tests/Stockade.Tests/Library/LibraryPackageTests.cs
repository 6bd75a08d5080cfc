using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Tests.Generate;
using Stockade.Tests.Release;

namespace Stockade.Tests.Library;

/// <summary>
/// The library package installs as docs/library.md says (<c>dotnet nuget add source OUTDIR</c>,
/// <c>dotnet add package Stockade.Core</c>) into a project of a user's, and the sample program, built against the
/// package's public surface alone (no <c>InternalsVisibleTo</c> reaches it), scans. NuGet reads
/// the pack folder for Stockade.Core only (a package source mapping), YamlDotNet from the machine's
/// package cache as a local feed (offline, as the rest of the build), and extracts into a packages
/// folder of the test's own, so an older Stockade.Core of the same version cannot stand in.
/// Packing and two builds take a minute: category Release.
/// </summary>
[Trait("Category", ReleaseFolder.Category)]
public class LibraryPackageTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void The_package_installs_into_a_new_project_whose_scan_finds_the_insecure_examples_findings()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var feed = _tree.PathOf("feed");
        // --no-build: the assemblies the tests were built with (building them again under the running tests would race them).
        var pack = Shell.Run("dotnet", ["pack", RepositoryFiles.PathOf("src", "Stockade.Core"), "-c", configuration, "--no-build", "-p:BuildProjectReferences=false", "-o", feed, "--nologo"]);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var package = Path.GetFileName(ReleaseFolder.One(feed, "Stockade.Core.*.nupkg"));
        var version = package["Stockade.Core.".Length..^".nupkg".Length];

        var app = _tree.PathOf("app");
        _tree.Write("app/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        File.Copy(RepositoryFiles.PathOf("samples", "ScanFolder", "Program.cs"), Path.Combine(app, "Program.cs"));
        // The machine's package cache stands in for nuget.org; the pack folder is added below as a user adds it.
        var config = _tree.Write("app/nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="cache" value="{GlobalPackages()}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="stockade"><package pattern="Stockade.Core" /></packageSource>
                <packageSource key="cache"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = _tree.PathOf("packages") };

        // As docs/library.md says: the pack folder added as a source, then the package.
        var source = Shell.Run("dotnet", ["nuget", "add", "source", feed, "--name", "stockade", "--configfile", config], env, app);
        Assert.True(source.ExitCode == 0, source.Output);
        var add = Shell.Run("dotnet", ["add", Path.Combine(app, "App.csproj"), "package", "Stockade.Core", "--version", version], env, app);
        Assert.True(add.ExitCode == 0, add.Output);
        var build = Shell.Run("dotnet", ["build", app, "-c", "Release", "--nologo"], env, app);
        Assert.True(build.ExitCode == 0, build.Output);
        var output = Path.Combine(app, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Stockade.Cel.dll")), "the package carries Stockade.Cel.dll: " + string.Join(", ", Directory.GetFiles(output).Select(Path.GetFileName)));

        var scan = Shell.Run("dotnet", [Path.Combine(output, "App.dll"), RepositoryFiles.PathOf("examples", "insecure"), "restricted"], env, app);

        Assert.True(scan.ExitCode == 1, $"exit {scan.ExitCode}: {scan.Output}");
        Assert.Contains("pss-privileged", scan.Stdout);
        Assert.Matches(@"\d+ files, \d+ objects \(\d+ passed, [1-9]\d* failed\), [1-9]\d* findings", scan.Stdout);
    }

    /// <summary>The machine's NuGet package folder, where the repository's own restore put YamlDotNet.</summary>
    private static string GlobalPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
