using Stockade.Rules;

namespace Stockade.Cli;

/// <summary><c>stockade explain RULE</c>: one rule in full, the same text as its docs page.</summary>
public static class ExplainCommand
{
    public static int Run(string[] args, Stream stdout)
    {
        if (args.Length == 1 && args[0] is "-h" or "--help")
        {
            CommandLine.WriteText(stdout, "Usage: stockade explain RULE\n\nShows a rule's rationale, the fields it reads and the values it allows, its parameters\n(settings in .stockade.yaml), remediation with a YAML snippet, and references.\n");
            return ExitCodes.Ok;
        }
        if (args.Length != 1) throw new UsageException("explain needs exactly one RULE id (see `stockade rules`)");
        var rule = Catalog.Find(args[0]) ?? throw new UsageException($"unknown rule \"{args[0]}\" (see `stockade rules`)");
        CommandLine.WriteText(stdout, Stockade.Reporting.RuleDocs.Render(rule.Metadata));
        return ExitCodes.Ok;
    }
}
