using Stockade.Tests.Cli;
using Stockade.Tests.Generate;

namespace Stockade.Tests.Release;

/// <summary>
/// The output of build/release.sh, named by STOCKADE_RELEASE_DIR. Building it takes minutes (the
/// NativeAOT publish), so the tests of category Release are opt-in: .ci/run builds the folder and
/// runs them; without the variable they fail in CI and are vacuous elsewhere.
/// </summary>
internal static class ReleaseFolder
{
    public const string Category = "Release";

    public static string? Find()
    {
        var dir = Environment.GetEnvironmentVariable("STOCKADE_RELEASE_DIR");
        Assert.False(dir == null && Environment.GetEnvironmentVariable("CI") == "true", "STOCKADE_RELEASE_DIR is not set: .ci/run must run build/release.sh first");
        if (dir == null) return null;
        Assert.True(Directory.Exists(dir), $"STOCKADE_RELEASE_DIR {dir} does not exist");
        return dir;
    }

    public static string One(string dir, string pattern)
    {
        var found = Directory.GetFiles(dir, pattern);
        Assert.True(found.Length == 1, $"expected one {pattern} in {dir}, found {found.Length}");
        return found[0];
    }

    /// <summary>
    /// A released build of the command, by <paramref name="kind"/>: <c>native</c> is the NativeAOT
    /// binary of the tarball, <c>tool</c> the .NET tool as <see cref="InstallTool"/> installs it.
    /// </summary>
    public static string Binary(string kind, string dir, TempTree tree) => kind switch
    {
        "native" => AotBinary(dir, tree),
        "tool" => InstallTool(dir, tree).Command,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "native or tool"),
    };

    /// <summary>
    /// Installs the release's .NET tool as docs/install.md says (<c>dotnet tool install
    /// --tool-path</c>), with NuGet reading the release folder only (a config that clears every other
    /// source), so that a package of the same name elsewhere cannot stand in for it.
    /// </summary>
    public static (string Command, string Store, string Version) InstallTool(string dir, TempTree tree)
    {
        // The tool's package is Stockade.VERSION.nupkg beside the library's Stockade.Core.VERSION.nupkg.
        var package = Assert.Single(Directory.GetFiles(dir, "*.nupkg").Select(Path.GetFileName),
            f => char.IsAsciiDigit(f![(f.IndexOf('.') + 1)]));
        var version = package!["Stockade.".Length..^".nupkg".Length];
        var config = tree.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="release" value="{dir}" />
              </packageSources>
            </configuration>
            """);
        var tools = tree.PathOf("tools");
        var install = Shell.Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "stockade", "--version", version]);
        Assert.True(install.ExitCode == 0, install.Output);
        return (Path.Combine(tools, "stockade"), Path.Combine(tools, ".store"), version);
    }

    /// <summary>The NativeAOT binary, unpacked from the release tarball into <paramref name="tree"/>.</summary>
    public static string AotBinary(string dir, TempTree tree)
    {
        var tarball = One(dir, "stockade-*-linux-x64.tar.gz");
        var into = Path.Combine(tree.Root, "aot");
        Directory.CreateDirectory(into);
        var untar = Shell.Run("tar", ["-xzf", tarball, "-C", into]);
        Assert.True(untar.ExitCode == 0, untar.Stderr);
        return Path.Combine(into, "stockade");
    }
}
