using Stockade.Cli.Options;
using Stockade.Rules;
using Stockade.Rules.Custom;
using Stockade.Vap;

namespace Stockade.Cli;

/// <summary><c>stockade explain RULE</c>: one rule in full, the same text as its docs page.</summary>
internal static class ExplainCommand
{
    internal static readonly CommandSpec Spec = new(
        "explain",
        "show one rule: why, how to fix, references",
        "stockade explain RULE [--config FILE|--no-config] [--policy FILE]",
        """
        Shows a rule's rationale, the fields it reads and the values it allows, its parameters
        (settings in .stockade.yaml), remediation with a YAML snippet, and references. A custom rule
        (custom:ID, from customRules: in .stockade.yaml) is shown the same way, and so is a
        ValidatingAdmissionPolicy of a --policy file (vap:NAME): its validations and bindings.
        """,
        [CommonOptions.Config, CommonOptions.NoConfig, VapOption.ListedPoliciesSpec, VapOption.VersionSpec]);

    public static int Run(string[] args, Stream stdout)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count != 1) throw new UsageException("explain needs exactly one RULE id (see `stockade rules`)");
        var id = a.Positionals[0];
        var rule = Catalog.Find(id) ?? CustomRules.Of(ScanCommand.LoadConfig(a, null)).FirstOrDefault(r => r.Id == id)
            ?? VapOption.ListedRules(a).FirstOrDefault(r => r.Id == id)
            ?? throw new UsageException($"unknown rule \"{id}\" (see `stockade rules`{(id.StartsWith(VapRule.Prefix, StringComparison.Ordinal) ? "; a policy's rule needs its file: --policy FILE" : "")})");
        CommandLine.WriteText(stdout, Stockade.Reporting.RuleDocs.Render(rule.Metadata));
        return ExitCodes.Ok;
    }
}
