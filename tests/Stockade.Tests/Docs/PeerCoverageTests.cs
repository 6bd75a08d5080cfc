using System.Text.RegularExpressions;
using Stockade.Rules;

namespace Stockade.Tests.Docs;

/// <summary>
/// docs/peer-coverage.md: every in-scope check of the seven peers with the Stockade rule that
/// covers it or one explanation of the documented set; a rule id that does not exist (in the rule
/// column or a "covered by" explanation), an explanation outside the set (an `open` gap included),
/// a row with neither, or counts that are not the rows' fail.
/// </summary>
public partial class PeerCoverageTests
{
    private static readonly string[] Explanations =
        ["needs cluster state", "cloud-provider setting", "covered by X with Y", "deliberately different"];

    private sealed record Row(string Peer, string Check, IReadOnlyList<string> Rules, string Explanation)
    {
        /// <summary>The rules of a "covered by a with b" explanation.</summary>
        public IReadOnlyList<string> Together => Explanation.StartsWith("covered by ", StringComparison.Ordinal)
            ? Explanation["covered by ".Length..].Split(" with ", StringSplitOptions.TrimEntries) : [];
    }

    private static List<string> Lines() => File.ReadAllLines(RepositoryFiles.PathOf("docs", "peer-coverage.md")).ToList();

    private static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static List<Row> Rows()
    {
        var lines = Lines();
        var start = lines.IndexOf("## Checks");
        Assert.True(start >= 0, "docs/peer-coverage.md has no \"## Checks\" table");
        return lines.Skip(start + 1).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Peer", StringComparison.Ordinal))
            .Select(Cells)
            .Select(c => new Row(c[0], c[1], RuleId().Matches(c[3]).Select(m => m.Groups[1].Value).ToList(), c[4]))
            .ToList();
    }

    [GeneratedRegex("`([a-z0-9-]+)`")]
    private static partial Regex RuleId();

    [Fact]
    public void Every_rule_the_table_names_exists_in_the_catalogue()
    {
        var unknown = Rows().SelectMany(r => r.Rules.Concat(r.Together).Where(id => !Catalog.Ids.Contains(id)).Select(id => $"{r.Peer} {r.Check}: {id}")).ToList();
        Assert.True(unknown.Count == 0, "rule ids not in the catalogue: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_row_is_covered_by_a_rule_or_explained_from_the_documented_set()
    {
        var bad = Rows().Where(r => r.Rules.Count > 0 ? r.Explanation != "covered"
                : !Explanations.Contains(r.Explanation) && r.Together.Count < 2)
            .Select(r => $"{r.Peer} {r.Check}: \"{r.Explanation}\"").ToList();
        Assert.True(bad.Count == 0, "rows neither covered nor explained: " + string.Join(", ", bad));
    }

    [Fact]
    public void The_per_peer_counts_are_the_rows()
    {
        var rows = Rows();
        var lines = Lines();
        var counts = lines.SkipWhile(l => l != "## Counts").Skip(1).SkipWhile(l => !l.StartsWith("| Peer", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith("| ", StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal(rows.Select(r => r.Peer).Distinct().Order(), counts.Select(c => c[0]).Order());
        foreach (var c in counts)
        {
            var mine = rows.Where(r => r.Peer == c[0]).ToList();
            string Kind(Row r) => r.Rules.Count > 0 ? "covered" : r.Explanation.StartsWith("covered by ", StringComparison.Ordinal) ? "covered by X with Y" : r.Explanation;
            var expected = new[] { mine.Count.ToString(), mine.Count(r => Kind(r) == "covered").ToString() }
                .Concat(Explanations.Select(e => mine.Count(r => Kind(r) == e).ToString())).ToArray();
            Assert.Equal(expected, c[1..]);
        }
    }
}
