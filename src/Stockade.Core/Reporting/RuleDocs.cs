using System.Text;
using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>
/// A rule's documentation page, generated from its metadata: <c>docs/rules/ID.md</c> and
/// <c>stockade explain ID</c> print the same text, so the docs cannot drift from the code.
/// </summary>
internal static class RuleDocs
{
    public static string Render(RuleMetadata m)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(m.Id).Append("\n\n");
        sb.Append("**").Append(m.Title).Append("**\n\n");
        sb.Append("- Severity: ").Append(m.Severity.Name()).Append('\n');
        sb.Append("- Category: ").Append(m.Category).Append('\n');
        sb.Append("- Enabled by default: ").Append(m.EnabledByDefault ? "yes" : "no").Append("\n\n");
        sb.Append("## Why\n\n").Append(m.Rationale).Append("\n\n");
        AppendFields(sb, m.Fields);
        AppendParameters(sb, m.Parameters);
        sb.Append("## Fix\n\n").Append(m.Remediation).Append("\n\n");
        sb.Append("```yaml\n").Append(m.RemediationYaml.TrimEnd()).Append("\n```\n\n");
        if (m.References.Count > 0)
        {
            sb.Append("## References\n\n");
            foreach (var r in m.References)
            {
                sb.Append("- ").Append(r.Source).Append(": ");
                sb.Append(r.Url != null ? $"[{r.Text}]({r.Url})" : r.Text).Append('\n');
            }
            sb.Append('\n');
        }
        sb.Append("## Suppressing\n\n");
        sb.Append("In `.stockade.yaml` (a reason is required, an expiry date is optional):\n\n");
        sb.Append("```yaml\nexemptions:\n  - rule: ").Append(m.Id).Append("\n    namespace: my-namespace\n    name: my-workload\n    reason: why this workload needs it\n    expires: 2027-01-31\n```\n\n");
        if (m.Id.Contains(':'))
        {
            // An annotation key's name cannot hold ':' (the API server refuses it): vap: and custom: rules are exempted in .stockade.yaml only.
            sb.Append("An annotation cannot name this rule (a key cannot hold `:`): exempt it in `.stockade.yaml`.\n");
            return sb.ToString();
        }
        sb.Append("Or on the object (or its pod template) itself:\n\n");
        sb.Append("```yaml\nmetadata:\n  annotations:\n    exempt.stockade.dev/").Append(m.Id).Append(": \"why this workload needs it; expires=2027-01-31\"\n```\n");
        return sb.ToString();
    }

    private static void AppendFields(StringBuilder sb, IReadOnlyList<FieldRead> fields) =>
        AppendTable(sb, "Fields read", "Not stated.", "", "| Field | Allowed values |",
            fields.Select(f => $"`{EscapeCell(f.Path)}` | {EscapeCell(f.Allowed)}"));

    private static void AppendParameters(StringBuilder sb, IReadOnlyList<RuleParameter> parameters) =>
        AppendTable(sb, "Parameters", "None: no `settings:` key in `.stockade.yaml` changes this rule.",
            "Set under `settings:` in `.stockade.yaml`.\n\n", "| Setting | Type | Default | Meaning |",
            parameters.Select(p => $"`{p.Name}` | {p.Type} | `{EscapeCell(p.DefaultText)}` | {EscapeCell(p.Description)}"));

    /// <summary>A section holding a table of <paramref name="rows"/> (cells without the outer bars), or <paramref name="none"/>.</summary>
    private static void AppendTable(StringBuilder sb, string title, string none, string intro, string header, IEnumerable<string> rows)
    {
        sb.Append("## ").Append(title).Append("\n\n");
        var list = rows.ToList();
        if (list.Count == 0)
        {
            sb.Append(none).Append("\n\n");
            return;
        }
        sb.Append(intro).Append(header).Append('\n');
        sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", header.Count(c => c == '|') - 1))).Append('\n');
        foreach (var row in list) sb.Append("| ").Append(row).Append(" |\n");
        sb.Append('\n');
    }

    /// <summary>
    /// <c>docs/rules/README.md</c>: one table row per rule, in the order given (the catalogue's),
    /// each linking to its page.
    /// </summary>
    public static string RenderIndex(IEnumerable<RuleMetadata> rules)
    {
        var list = rules.ToList();
        var sb = new StringBuilder();
        sb.Append("# Rules\n\n");
        sb.Append("Generated from the rule metadata in `src/Stockade.Core/Rules/` (see docs/contributing.md); ");
        sb.Append("do not edit by hand. `stockade explain RULE` prints the same page as `RULE.md`.\n\n");
        sb.Append("| Rule | Severity | Category | Default | Title |\n");
        sb.Append("|---|---|---|---|---|\n");
        foreach (var m in list)
        {
            sb.Append("| [").Append(m.Id).Append("](").Append(m.Id).Append(".md) | ")
              .Append(m.Severity.Name()).Append(" | ")
              .Append(m.Category).Append(" | ")
              .Append(m.EnabledByDefault ? "on" : "off").Append(" | ")
              .Append(EscapeCell(m.Title)).Append(" |\n");
        }
        sb.Append('\n').Append(list.Count).Append(list.Count == 1 ? " rule.\n" : " rules.\n");
        return sb.ToString();
    }

    private static string EscapeCell(string text) => text.Replace("|", "\\|");
}
