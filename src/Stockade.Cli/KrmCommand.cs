using Stockade.Cli.Options;
using Stockade.Krm;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary><c>stockade krm</c>: the KRM function (a kustomize or kpt validator) on standard input and output.</summary>
internal static class KrmCommand
{
    internal static readonly CommandSpec Spec = new(
        "krm",
        "run as a KRM function (kustomize or kpt validator)",
        "stockade krm [options] < resource-list.yaml",
        """
        A KRM function (validator): reads a ResourceList (config.kubernetes.io/v1, YAML or JSON) on
        standard input, scans its items as `stockade scan` does, and writes the ResourceList back on
        standard output, items unchanged, with the findings as results. The options come from the
        ResourceList's functionConfig, a v1 ConfigMap whose data may hold profile, failOn,
        namespaceDefault, validate and config (the text of a .stockade.yaml); see docs/commands/krm.md.
        """,
        [
            CommonOptions.Date,
            CliOption.Value("--max-document-bytes", "N", "largest ResourceList accepted (default 67108864)"),
            CommonOptions.Jobs,
        ],
        """
        Exit codes: 0 no error result; 1 a finding at or above failOn (an error result);
                    2 usage error, or an input or item that could not be read (an error result).
        """);

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException("krm reads its ResourceList from standard input and takes no PATH");
        var options = new KrmOptions
        {
            Today = ScanCommand.Date(a.Value("--date")),
            Limits = ParseLimits.Default with { MaxDocumentBytes = ScanCommand.PositiveLong(a.Value("--max-document-bytes"), "--max-document-bytes", ParseLimits.Default.MaxDocumentBytes) },
            MaxParallelism = (int)ScanCommand.PositiveLong(a.Value("--jobs"), "--jobs", Environment.ProcessorCount),
        };
        var output = Read(stdin, options.Limits.MaxDocumentBytes, out var input) is { } refused
            ? KrmFunction.Refuse(refused)
            : KrmFunction.Run(input, options);
        // The specification reserves standard output for the ResourceList; why it failed goes to standard error too.
        if (output.Error != null) stderr.WriteLine($"stockade: {output.Error}");
        CommandLine.WriteText(stdout, output.Text);
        return ExitCodes.Of(output.Outcome);
    }

    /// <summary>All of standard input, or why not: a stream longer than the one document it may hold is not read to its end.</summary>
    private static string? Read(Func<Stream> stdin, long maxBytes, out byte[] input)
    {
        input = [];
        using var buffer = new MemoryStream();
        try
        {
            using var stream = stdin();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes) return $"stdin: the ResourceList is larger than --max-document-bytes {maxBytes}";
            }
        }
        catch (IOException e)
        {
            return $"stdin: cannot read: {e.Message}";
        }
        input = buffer.ToArray();
        return null;
    }
}
