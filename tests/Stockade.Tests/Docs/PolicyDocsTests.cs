using System.Text.RegularExpressions;

namespace Stockade.Tests.Docs;

/// <summary>docs/policies.md shows only policies that are tested: each is a file of examples/policies, run by its stockade test.</summary>
public class PolicyDocsTests
{
    [Fact]
    public void Every_policy_shown_in_docs_policies_is_a_tested_example()
    {
        var doc = File.ReadAllText(RepositoryFiles.PathOf("docs/policies.md")).ReplaceLineEndings("\n");
        var examples = Directory.GetFiles(RepositoryFiles.PathOf("examples/policies"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => File.ReadAllText(f).ReplaceLineEndings("\n")).ToList();
        var blocks = Regex.Matches(doc, "```yaml\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value)
            .Where(b => b.Contains("kind: ValidatingAdmissionPolicy", StringComparison.Ordinal)).ToList();
        Assert.True(blocks.Count >= 4, $"docs/policies.md shows {blocks.Count} policies");
        foreach (var block in blocks)
            Assert.True(examples.Any(e => e.Contains(block, StringComparison.Ordinal)), $"not a part of any file of examples/policies:\n{block}");
    }
}
