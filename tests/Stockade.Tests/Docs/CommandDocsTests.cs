using Stockade.Cli.Options;

namespace Stockade.Tests.Docs;

/// <summary>
/// The option tables of docs/commands/*.md are generated from the commands' definitions (the same
/// ones help and parsing use), so a page cannot list an option the command lacks or miss one it has.
/// Run with STOCKADE_UPDATE_DOCS=1 to rewrite the tables instead of failing.
/// </summary>
public class CommandDocsTests
{
    private static readonly string CommandsFolder = RepositoryFiles.PathOf("docs", "commands");

    private static bool Updating => Environment.GetEnvironmentVariable("STOCKADE_UPDATE_DOCS") == "1";

    [Fact]
    public void Every_option_table_of_the_command_pages_is_the_one_generated_from_the_definitions()
    {
        var stale = new List<string>();
        foreach (var path in Directory.GetFiles(CommandsFolder, "*.md"))
        {
            var text = File.ReadAllText(path);
            var expected = CommandDocs.Render(text);
            if (text == expected) continue;
            if (Updating) File.WriteAllText(path, expected);
            else stale.Add(Path.GetFileName(path));
        }
        Assert.True(stale.Count == 0, $"docs/commands: the option tables of {string.Join(", ", stale)} differ from the commands' definitions. " +
                                      "Run STOCKADE_UPDATE_DOCS=1 dotnet test Stockade.sln --filter \"FullyQualifiedName~CommandDocsTests\"");
    }

    [Fact]
    public void Every_command_with_options_has_its_table_on_a_page()
    {
        var documented = Directory.GetFiles(CommandsFolder, "*.md").SelectMany(p => CommandDocs.Regions(File.ReadAllText(p))).ToHashSet();
        var missing = CommandDocs.All
            .Where(c => c.Spec.Options.Any(o => o.Name != "--help") || c.Path == "completion")
            .Select(c => c.Path)
            .Where(p => !documented.Contains(p))
            .ToList();
        Assert.True(missing.Count == 0, $"no <!-- options: COMMAND --> table in docs/commands for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_scan_page_lists_every_format_and_the_short_aliases()
    {
        var table = ScanTable();
        Assert.Contains("`html`", table);
        Assert.Contains("`-o`, `--output FILE`", table);
        Assert.Contains("`-f`, `--format FORMAT`", table);
    }

    private static string ScanTable()
    {
        var text = File.ReadAllText(Path.Combine(CommandsFolder, "scan.md"));
        var start = text.IndexOf("<!-- options: scan -->", StringComparison.Ordinal);
        return text[start..text.IndexOf("<!-- /options -->", start, StringComparison.Ordinal)];
    }
}
