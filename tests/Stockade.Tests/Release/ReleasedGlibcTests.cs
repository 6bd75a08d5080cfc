using System.Text;
using System.Text.RegularExpressions;
using Stockade.Tests.Docs;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Release;

/// <summary>
/// The NativeAOT binary links against the build machine's glibc, so it asks for that glibc's
/// symbol versions (pthread_create@GLIBC_2.34 when built on Debian 12), where the .NET runtime
/// itself asks for 2.27. The linux-x64 tool package carries that runtime (self-contained) and its
/// apphost. docs/install.md states the oldest glibc each runs on; this keeps both statements true: a
/// build on a newer glibc fails here instead of failing on users' hosts with "version `GLIBC_2.NN'
/// not found".
/// </summary>
[Trait("Category", ReleaseFolder.Category)]
public partial class ReleasedGlibcTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    // The version names an ELF binary needs are plain strings in its dynamic string table.
    [GeneratedRegex(@"GLIBC_2\.([0-9]+)")]
    private static partial Regex GlibcVersion();

    [GeneratedRegex(@"The binary needs glibc 2\.([0-9]+) or later")]
    private static partial Regex DocumentedBinaryMinimum();

    [GeneratedRegex(@"The linux-x64 package needs glibc 2\.([0-9]+) or later")]
    private static partial Regex DocumentedToolMinimum();

    [Fact]
    public void The_binary_needs_no_newer_glibc_than_install_md_states()
    {
        if (ReleaseFolder.Find() is not { } dir) return;
        var documented = Documented(DocumentedBinaryMinimum(), "the NativeAOT binary");
        var (file, needed) = Newest([ReleaseFolder.AotBinary(dir, _tree)]);
        Assert.True(needed <= documented, $"the NativeAOT binary {file} needs GLIBC_2.{needed}, docs/install.md says glibc 2.{documented}");
    }

    [Fact]
    public void The_installed_tool_needs_no_newer_glibc_than_install_md_states()
    {
        if (ReleaseFolder.Find() is not { } dir) return;
        var documented = Documented(DocumentedToolMinimum(), "the linux-x64 tool package");
        var folder = Path.GetDirectoryName(Assert.Single(Directory.GetFiles(ReleaseFolder.InstallTool(dir, _tree).Store, "stockade.dll", SearchOption.AllDirectories)))!;
        // Its ELF files: the apphost and the runtime's native libraries.
        var elves = Directory.GetFiles(folder).Where(f => File.ReadAllBytes(f) is [0x7f, (byte)'E', (byte)'L', (byte)'F', ..]).ToList();
        Assert.Contains(elves, f => Path.GetFileName(f) == "libcoreclr.so");
        var (file, needed) = Newest(elves);
        Assert.True(needed <= documented, $"the tool's {file} needs GLIBC_2.{needed}, docs/install.md says glibc 2.{documented}");
    }

    private static int Documented(Regex statement, string what)
    {
        var documented = statement.Match(File.ReadAllText(RepositoryFiles.PathOf("docs", "install.md")));
        Assert.True(documented.Success, $"docs/install.md does not say which glibc {what} needs (\"{statement}\")");
        return int.Parse(documented.Groups[1].Value);
    }

    // The newest glibc minor version any of the files asks for, and the file that asks for it.
    private static (string File, int Minor) Newest(IEnumerable<string> files)
    {
        var needed = files.SelectMany(f => GlibcVersion().Matches(Encoding.Latin1.GetString(File.ReadAllBytes(f)))
            .Select(m => (File: Path.GetFileName(f), Minor: int.Parse(m.Groups[1].Value)))).ToList();
        Assert.NotEmpty(needed);
        return needed.MaxBy(n => n.Minor);
    }
}
