namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate KIND</c>: hardening configuration to apply, written to stdout or a file.</summary>
public static class GenerateCommand
{
    public const string Help = """
        Usage: stockade generate KIND [options]

        Kinds:
          webhook            Deployment, Service, PDB and webhook configurations for `stockade serve`
          network-policies   default-deny NetworkPolicies per namespace (DNS allowed), and egress rules
                             that keep pods away from the API server
          iptables           node-level iptables rules rejecting pod traffic to the API server (or, with
                             --etcd, etcd's ports to all but the API servers), for clusters that do not
                             enforce NetworkPolicies
          node-job           a Job running `stockade node` on a node, its paths mounted read-only

        Run `stockade generate KIND --help` for a kind's options.
        """;

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        if (args.Length == 0) throw new UsageException("generate needs a KIND: webhook, network-policies, iptables or node-job (see stockade generate --help)");
        if (args[0] is "-h" or "--help")
        {
            CommandLine.WriteText(stdout, Help + "\n");
            return ExitCodes.Ok;
        }
        var rest = args[1..];
        return args[0] switch
        {
            "webhook" => GenerateWebhookCommand.Run(rest, stdout),
            "network-policies" => NetworkPoliciesCommand.Run(rest, stdout, stderr),
            "iptables" => IptablesCommand.Run(rest, stdout, stderr),
            "node-job" => NodeJobCommand.Run(rest, stdout, stderr),
            _ => throw new UsageException($"generate: unknown kind \"{args[0]}\" (known: webhook, network-policies, iptables, node-job)"),
        };
    }

    /// <summary>Writes generated text to <c>--output</c> (replaced whole, see <see cref="OutputTarget"/>) or stdout.</summary>
    internal static int Emit(string text, string? outputPath, Stream stdout, TextWriter stderr) =>
        OutputTarget.Write(outputPath, stdout, output =>
        {
            CommandLine.WriteText(output, text);
            return ExitCodes.Ok;
        });
}
