using Stockade.Cli.Options;

namespace Stockade.Cli.Generate;

/// <summary><c>stockade generate KIND</c>: hardening configuration to apply, written to stdout or a file.</summary>
internal static class GenerateCommand
{
    private static readonly (CommandSpec Spec, Func<string[], Stream, TextWriter, int> Run)[] Kinds =
    [
        (GenerateWebhookCommand.Spec, (args, stdout, _) => GenerateWebhookCommand.Run(args, stdout)),
        (NetworkPoliciesCommand.Spec, NetworkPoliciesCommand.Run),
        (IptablesCommand.Spec, IptablesCommand.Run),
        (NodeJobCommand.Spec, NodeJobCommand.Run),
        (AdmissionPoliciesCommand.Spec, AdmissionPoliciesCommand.Run),
    ];

    internal static readonly CommandSpec Spec = new(
        "generate",
        "webhook manifests, NetworkPolicies, node iptables rules or Pod Security admission policies",
        "stockade generate KIND [options]",
        "",
        Array.Empty<CliOption>(),
        "Run `stockade generate KIND --help` for a kind's options.")
    {
        Synopsis = "stockade generate KIND …",
        Children = [.. Kinds.Select(k => k.Spec)],
    };

    private static string KindNames => string.Join(", ", Kinds.Select(k => k.Spec.Name));

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        if (args.Length == 0) throw new UsageException($"generate needs a KIND: {KindNames} (see stockade generate --help)");
        if (args[0] is "-h" or "--help")
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        foreach (var (spec, run) in Kinds) if (spec.Name == args[0]) return run(args[1..], stdout, stderr);
        var near = DidYouMean.Nearest(args[0], Kinds.Select(k => k.Spec.Name));
        throw new UsageException($"generate: unknown kind \"{args[0]}\" (known: {KindNames})" + (near != null ? $"; did you mean {near}?" : ""));
    }

    /// <summary>Writes generated text to <c>--output</c> (replaced whole, see <see cref="OutputTarget"/>) or stdout.</summary>
    internal static int Emit(string text, string? outputPath, Stream stdout, TextWriter stderr) =>
        OutputTarget.Write(outputPath, stdout, output =>
        {
            CommandLine.WriteText(output, text);
            return ExitCodes.Ok;
        });
}
