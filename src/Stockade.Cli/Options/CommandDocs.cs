using System.Text.RegularExpressions;

namespace Stockade.Cli.Options;

/// <summary>
/// The option tables of docs/commands/*.md, generated from the commands' definitions: each sits
/// between <c>&lt;!-- options: COMMAND --&gt;</c> and <c>&lt;!-- /options --&gt;</c> (COMMAND as typed,
/// <c>generate iptables</c> for a kind); the prose around them is written by hand.
/// </summary>
internal static partial class CommandDocs
{
    /// <summary>Every command and kind, by the words that run it.</summary>
    public static IEnumerable<(string Path, CommandSpec Spec)> All => CommandLine.Commands.SelectMany(c => Walk(c.Spec, ""));

    private static IEnumerable<(string Path, CommandSpec Spec)> Walk(CommandSpec spec, string parent)
    {
        var path = parent + spec.Name;
        yield return (path, spec);
        foreach (var child in spec.Children)
        {
            foreach (var entry in Walk(child, path + " ")) yield return entry;
        }
    }

    /// <summary><paramref name="markdown"/> with each region's table as the definitions have it now.</summary>
    public static string Render(string markdown) => Region().Replace(markdown, m =>
    {
        var path = m.Groups["path"].Value;
        var spec = All.FirstOrDefault(e => e.Path == path).Spec ?? throw new ArgumentException($"<!-- options: {path} -->: no such command");
        return $"<!-- options: {path} -->\n{spec.MarkdownTable()}<!-- /options -->";
    });

    /// <summary>The commands whose tables <paramref name="markdown"/> holds.</summary>
    public static IEnumerable<string> Regions(string markdown) => Region().Matches(markdown).Select(m => m.Groups["path"].Value);

    [GeneratedRegex(@"<!-- options: (?<path>[a-z][a-z -]*?) -->\n.*?<!-- /options -->", RegexOptions.Singleline)]
    private static partial Regex Region();
}
