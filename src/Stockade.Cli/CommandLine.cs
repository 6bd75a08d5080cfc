using System.CommandLine;
using System.Text;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary>What a command is run with: its arguments (after the command word) and the process's streams.</summary>
internal sealed record CliContext(string[] Args, TextReader StdinText, Func<Stream> Stdin, Stream Stdout, TextWriter Stderr, bool StdoutIsTerminal);

/// <summary>A command of <c>stockade</c>: its definition and what runs it.</summary>
internal sealed record CliCommand(CommandSpec Spec, Func<CliContext, int> Run);

/// <summary>Dispatches <c>stockade COMMAND …</c>; every command returns a documented exit code.</summary>
internal static class CommandLine
{
    private static readonly CommandSpec VersionSpec = new("version", "print the version", "stockade version", "", Array.Empty<CliOption>());

    /// <summary>Every command, in the order of <c>stockade --help</c>: one line each.</summary>
    public static readonly IReadOnlyList<CliCommand> Commands =
    [
        new(ScanCommand.Spec, c => ScanCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr, c.StdoutIsTerminal)),
        new(BaselineCommand.Spec, c => BaselineCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr, c.StdoutIsTerminal)),
        new(InitCommand.Spec, c => InitCommand.Run(c.Args, c.Stdout)),
        new(AuditCommand.Spec, c => AuditCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr, c.StdoutIsTerminal)),
        new(Generate.GenerateCommand.Spec, c => Generate.GenerateCommand.Run(c.Args, c.Stdout, c.Stderr)),
        new(NodeCommand.Spec, c => NodeCommand.Run(c.Args, c.Stdout, c.StdoutIsTerminal)),
        new(MutateCommand.Spec, c => MutateCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr)),
        new(FixCommand.Spec, c => FixCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr)),
        new(ServeCommand.Spec, c => ServeCommand.Run(c.Args, c.Stdout, c.Stderr)),
        new(TestCommand.Spec, c => TestCommand.Run(c.Args, c.Stdout)),
        new(KrmCommand.Spec, c => KrmCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr)),
        new(RulesCommand.Spec, c => RulesCommand.Run(c.Args, c.Stdout)),
        new(ExplainCommand.Spec, c => ExplainCommand.Run(c.Args, c.Stdout)),
        new(CompletionCommand.Spec, c => CompletionCommand.Run(c.Args, c.Stdout)),
        new(VersionSpec, c => Version(c.Args, c.Stdout)),
    ];

    /// <summary>The text of <c>stockade --help</c>, from the commands' definitions.</summary>
    public static string Usage
    {
        get
        {
            var sb = new StringBuilder("stockade — Kubernetes workload security: hardened rules, Pod Security Standards, PodSecurityPolicy.\n\nUsage:\n");
            var width = Commands.Max(c => c.Spec.Synopsis.Length) + 2;
            foreach (var command in Commands) sb.Append("  ").Append(command.Spec.Synopsis.PadRight(width)).Append(command.Spec.Summary).Append('\n');
            sb.Append("""

                Run `stockade COMMAND --help` (or `stockade help COMMAND`) for a command's options.
                Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable input.
                """);
            return sb.ToString();
        }
    }

    public static Task<int> RunAsync(string[] args, TextReader stdinText, Func<Stream> stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        // A failed write to standard output (a full disk, a closed device) is exit code 2 with a message, never a crash.
        stdout = new GuardedStream(stdout, "standard output");
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" || args is ["help"])
            {
                WriteText(stdout, Usage + "\n");
                return Task.FromResult(args.Length == 0 ? ExitCodes.Error : ExitCodes.Ok);
            }
            if (args[0].StartsWith("[suggest", StringComparison.Ordinal)) return Task.FromResult(CompletionCommand.Suggest(args, stdout));
            if (args[0] == "help") return Task.FromResult(Help(args[1..], stdout));
            if (args[0] == "--version") args = ["version", .. args[1..]];
            var command = Find(args[0]) ?? throw new UsageException(UnknownCommand(args[0]));
            return Task.FromResult(command.Run(new CliContext(args[1..], stdinText, stdin, stdout, stderr, stdoutIsTerminal)));
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"stockade: {e.Message}");
            return Task.FromResult(ExitCodes.Error);
        }
        catch (OutputException e)
        {
            stderr.WriteLine($"stockade: {e.Message}");
            return Task.FromResult(ExitCodes.Error);
        }
    }

    private static CliCommand? Find(string name) => Commands.FirstOrDefault(c => c.Spec.Name == name);

    private static string UnknownCommand(string word)
    {
        var near = DidYouMean.Nearest(word, Commands.Select(c => c.Spec.Name));
        return $"unknown command \"{word}\" (see stockade --help)" + (near != null ? $"; did you mean {near}?" : "");
    }

    /// <summary><c>stockade help COMMAND [KIND]</c>: the same text as <c>stockade COMMAND [KIND] --help</c>.</summary>
    private static int Help(string[] words, Stream stdout)
    {
        var spec = (Find(words[0]) ?? throw new UsageException(UnknownCommand(words[0]))).Spec;
        foreach (var word in words[1..])
        {
            spec = spec.Children.FirstOrDefault(c => c.Name == word)
                ?? throw new UsageException($"{spec.Name} has no {(spec.Children.Count > 0 ? "kind" : "subcommand")} \"{word}\"");
        }
        WriteText(stdout, spec.Help());
        return ExitCodes.Ok;
    }

    /// <summary>The whole tree of commands and options, as System.CommandLine completes it.</summary>
    internal static RootCommand Tree()
    {
        var root = new RootCommand("stockade");
        // Every command has its own -h, --help; the root's own help and version options would be offered twice.
        root.Options.Clear();
        foreach (var command in Commands) root.Subcommands.Add(command.Spec.Tree());
        return root;
    }

    private static int Version(string[] args, Stream stdout)
    {
        var a = new ArgReader(VersionSpec, args);
        if (a.Flag("--help"))
        {
            WriteText(stdout, VersionSpec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException("version takes no arguments");
        WriteText(stdout, $"stockade {Reporting.ToolInfo.Version}\n");
        return ExitCodes.Ok;
    }

    public static void WriteText(Stream stream, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
        stream.Flush();
    }
}
