using Stockade.Engine;
using Stockade.Reporting;
using Stockade.Rules;

namespace Stockade.Tests.Docs;

/// <summary>
/// docs/rules/ is generated from the rule metadata, so the pages cannot drift from the code.
/// Run with STOCKADE_UPDATE_DOCS=1 to rewrite the pages instead of failing (docs/contributing.md).
/// </summary>
public class RuleDocsTests
{
    private static readonly string RulesFolder = RepositoryFiles.PathOf("docs", "rules");
    private const string IndexName = "README.md";

    private static bool Updating => Environment.GetEnvironmentVariable("STOCKADE_UPDATE_DOCS") == "1";

    [Fact]
    public void Every_rule_page_is_the_page_generated_from_its_metadata()
    {
        var stale = new List<string>();
        foreach (var rule in Catalog.All)
        {
            var path = Path.Combine(RulesFolder, rule.Id + ".md");
            var expected = RuleDocs.Render(rule.Metadata);
            if (File.Exists(path) && File.ReadAllText(path) == expected) continue;
            if (Updating) Write(path, expected);
            else stale.Add(rule.Id + ".md" + (File.Exists(path) ? " differs" : " is missing"));
        }
        Assert.True(stale.Count == 0, StaleMessage(stale));
    }

    [Fact]
    public void The_rules_index_is_generated_from_the_catalogue()
    {
        var path = Path.Combine(RulesFolder, IndexName);
        var expected = RuleDocs.RenderIndex(Catalog.All.Select(r => r.Metadata));
        if (File.Exists(path) && File.ReadAllText(path) == expected) return;
        if (Updating)
        {
            Write(path, expected);
            return;
        }
        Assert.Fail(StaleMessage([IndexName + (File.Exists(path) ? " differs" : " is missing")]));
    }

    [Fact]
    public void No_page_documents_a_rule_that_does_not_exist()
    {
        var pages = Directory.Exists(RulesFolder) ? Directory.GetFiles(RulesFolder, "*.md") : [];
        var stray = pages
            .Select(Path.GetFileName)
            .Where(name => name != IndexName && Catalog.Find(Path.GetFileNameWithoutExtension(name!)) == null)
            .ToList();
        if (Updating)
        {
            foreach (var name in stray) File.Delete(Path.Combine(RulesFolder, name!));
            return;
        }
        Assert.True(stray.Count == 0, $"docs/rules has pages for unknown rules: {string.Join(", ", stray)}. " +
                                      "Delete them, or run the tests with STOCKADE_UPDATE_DOCS=1.");
    }

    [Fact]
    public void The_index_links_every_rule_once_in_catalogue_order()
    {
        var index = RuleDocs.RenderIndex(Catalog.All.Select(r => r.Metadata));
        var linked = index.Split('\n')
            .Where(l => l.StartsWith("| [", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf(']')])
            .ToList();
        Assert.Equal(Catalog.All.Select(r => r.Id), linked);
        Assert.Contains($"| [{Catalog.All[0].Id}]({Catalog.All[0].Id}.md) | {Catalog.All[0].Metadata.Severity.Name()} |", index);
    }

    [Fact]
    public void Every_rule_states_the_fields_it_reads()
    {
        // "Fields read" is what a user checks a finding against; a rule without it says nothing of what passes.
        var missing = Catalog.All.Where(r => r.Metadata.Fields.Count == 0).Select(r => r.Id).ToList();
        Assert.True(missing.Count == 0, $"rules without Fields in their metadata: {string.Join(", ", missing)}");
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string StaleMessage(List<string> stale) =>
        $"docs/rules is out of date ({string.Join("; ", stale)}). Regenerate it: " +
        "STOCKADE_UPDATE_DOCS=1 dotnet test Stockade.sln --filter \"FullyQualifiedName~RuleDocsTests\"";
}
