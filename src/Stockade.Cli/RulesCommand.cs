using System.Text;
using System.Text.Json;
using Stockade.Cli.Options;
using Stockade.Engine;
using Stockade.Reporting;
using Stockade.Rules;
using Stockade.Rules.Custom;

namespace Stockade.Cli;

/// <summary><c>stockade rules</c>: the catalogue.</summary>
internal static class RulesCommand
{
    internal static readonly CommandSpec Spec = new(
        "rules",
        "list the rule catalogue",
        "stockade rules [--format text|json] [--config FILE|--no-config] [--policy FILE]",
        "Lists every rule: id, severity, category and title; the custom rules of .stockade.yaml (customRules:) after the built-in ones, then the ValidatingAdmissionPolicies of --policy files (vap:NAME).",
        [CommonOptions.Config, CommonOptions.NoConfig, VapOption.ListedPoliciesSpec, VapOption.VersionSpec, CliOption.Value("--format", "FORMAT", "text (default) or json (the metadata of every rule)") with { Completions = ["text", "json"], Docs = "`text` (default): one rule per line: id, severity, category, title; `(off by default)` after rules the `hardened` profile leaves out. A count follows. `json`: a JSON array with one object per rule (below)." }]);

    public static int Run(string[] args, Stream stdout)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"rules takes no arguments (got \"{a.Positionals[0]}\"); `stockade explain RULE` shows one rule");
        var format = a.Value("--format") ?? "text";
        // The built-in catalogue, then the repository's own rules: listed as a scan would run them.
        IReadOnlyList<Rule> all = [.. Catalog.All, .. CustomRules.Of(ScanCommand.LoadConfig(a, null)), .. VapOption.ListedRules(a)];
        switch (format)
        {
            case "text":
                var sb = new StringBuilder();
                var width = all.Max(r => r.Id.Length);
                foreach (var r in all)
                {
                    sb.Append(r.Id.PadRight(width + 2)).Append(r.Metadata.Severity.Name().PadRight(10)).Append(r.Metadata.Category.PadRight(10)).Append(r.Metadata.Title);
                    if (!r.Metadata.EnabledByDefault) sb.Append(" (off by default)");
                    sb.Append('\n');
                }
                sb.Append($"\n{all.Count} rules. `stockade explain RULE` shows one in full.\n");
                CommandLine.WriteText(stdout, sb.ToString());
                return ExitCodes.Ok;
            case "json":
                using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartArray();
                    foreach (var r in all) RuleJson.Write(w, r.Metadata);
                    w.WriteEndArray();
                }
                CommandLine.WriteText(stdout, "\n");
                return ExitCodes.Ok;
            default:
                throw new UsageException($"rules --format: \"{format}\" is not text or json");
        }
    }
}
