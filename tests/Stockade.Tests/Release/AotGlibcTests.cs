using System.Text;
using System.Text.RegularExpressions;
using Stockade.Tests.Docs;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Release;

/// <summary>
/// The NativeAOT binary links against the build machine's glibc, so it asks for that glibc's
/// symbol versions (pthread_create@GLIBC_2.34 when built on Debian 12), where the .NET runtime
/// itself asks for 2.27. docs/install.md states the oldest glibc the released binary runs on; this
/// keeps that statement true: a build on a newer glibc fails here instead of failing on users' hosts
/// with "version `GLIBC_2.NN' not found".
/// </summary>
[Trait("Category", ReleaseFolder.Category)]
public partial class AotGlibcTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    // The version names an ELF binary needs are plain strings in its dynamic string table.
    [GeneratedRegex(@"GLIBC_2\.([0-9]+)")]
    private static partial Regex GlibcVersion();

    [GeneratedRegex(@"needs glibc 2\.([0-9]+) or later")]
    private static partial Regex DocumentedMinimum();

    [Fact]
    public void The_binary_needs_no_newer_glibc_than_install_md_states()
    {
        if (ReleaseFolder.Find() is not { } dir) return;
        var documented = DocumentedMinimum().Match(File.ReadAllText(RepositoryFiles.PathOf("docs", "install.md")));
        Assert.True(documented.Success, "docs/install.md does not say which glibc the NativeAOT binary needs (\"needs glibc 2.N or later\")");
        var binary = File.ReadAllBytes(ReleaseFolder.AotBinary(dir, _tree));
        var needed = GlibcVersion().Matches(Encoding.Latin1.GetString(binary)).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(needed);
        Assert.True(needed.Max() <= int.Parse(documented.Groups[1].Value),
            $"the NativeAOT binary needs GLIBC_2.{needed.Max()}, docs/install.md says glibc 2.{documented.Groups[1].Value}");
    }
}
