namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate SUBCOMMAND</c>: writes Kubernetes manifests; each subcommand owns its options.</summary>
public static class GenerateCommand
{
    public const string Help = """
        Usage: stockade generate SUBCOMMAND [options]

        Subcommands:
          webhook   Deployment, Service, PDB and webhook configurations for `stockade serve`

        Run `stockade generate SUBCOMMAND --help` for its options.
        """;

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            CommandLine.WriteText(stdout, Help + "\n");
            return args.Length == 0 ? ExitCodes.Error : ExitCodes.Ok;
        }
        return args[0] switch
        {
            "webhook" => GenerateWebhookCommand.Run(args[1..], stdout),
            _ => throw new UsageException($"unknown generate subcommand \"{args[0]}\" (see stockade generate --help)"),
        };
    }
}
