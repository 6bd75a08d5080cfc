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
