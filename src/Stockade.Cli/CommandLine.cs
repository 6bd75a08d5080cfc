using System.CommandLine;
using System.Text;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary>What a command is run with: its arguments (after the command word) and the process's streams.</summary>
internal sealed record CliContext(string[] Args, TextReader StdinText, Func<Stream> Stdin, Stream Stdout, TextWriter Stderr, bool StdoutIsTerminal);

/// <summary>
/// A command of <c>stockade</c>: its word, its definition and what runs it. The definition (options,
/// help text, and through them the profiles, formats and rule names they list) is built the first
/// time it is asked for, so that a run builds only the invoked command's: the root finds the
/// command, and suggests the nearest one, by its word alone.
/// </summary>
internal sealed class CliCommand(string name, Func<CommandSpec> spec, Func<CliContext, int> run)
{
    private CommandSpec? _spec;

    public string Name { get; } = name;

    public CommandSpec Spec => _spec ??= Build();

    public Func<CliContext, int> Run { get; } = run;

    private CommandSpec Build()
    {
        var built = spec();
        return built.Name == Name ? built : throw new InvalidOperationException($"command \"{Name}\" is defined as \"{built.Name}\"");
    }
}

/// <summary>Dispatches <c>stockade COMMAND …</c>; every command returns a documented exit code.</summary>
internal static class CommandLine
{
    private static readonly CommandSpec VersionSpec = new("version", "print the version", "stockade version", "", Array.Empty<CliOption>());

    /// <summary>Every command, in the order of <c>stockade --help</c>: one line each. Each word is its definition's name (checked when the definition is built).</summary>
    public static readonly IReadOnlyList<CliCommand> Commands =
    [
        new("scan", () => ScanCommand.Spec, c => ScanCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr, c.StdoutIsTerminal)),
        new("baseline", () => BaselineCommand.Spec, c => BaselineCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr, c.StdoutIsTerminal)),
        new("init", () => InitCommand.Spec, c => InitCommand.Run(c.Args, c.Stdout)),
        new("audit", () => AuditCommand.Spec, c => AuditCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr, c.StdoutIsTerminal)),
        new("generate", () => Generate.GenerateCommand.Spec, c => Generate.GenerateCommand.Run(c.Args, c.Stdout, c.Stderr)),
        new("node", () => NodeCommand.Spec, c => NodeCommand.Run(c.Args, c.Stdout, c.StdoutIsTerminal)),
        new("mutate", () => MutateCommand.Spec, c => MutateCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr)),
        new("fix", () => FixCommand.Spec, c => FixCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr)),
        new("serve", () => ServeCommand.Spec, c => ServeCommand.Run(c.Args, c.Stdout, c.Stderr)),
        new("test", () => TestCommand.Spec, c => TestCommand.Run(c.Args, c.Stdout)),
        new("krm", () => KrmCommand.Spec, c => KrmCommand.Run(c.Args, c.Stdin, c.Stdout, c.Stderr)),
        new("rules", () => RulesCommand.Spec, c => RulesCommand.Run(c.Args, c.Stdout)),
        new("explain", () => ExplainCommand.Spec, c => ExplainCommand.Run(c.Args, c.Stdout)),
        new("completion", () => CompletionCommand.Spec, c => CompletionCommand.Run(c.Args, c.Stdout)),
        new("version", () => VersionSpec, c => Version(c.Args, c.Stdout)),
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

    private static CliCommand? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    private static string UnknownCommand(string word)
    {
        var near = DidYouMean.Nearest(word, Commands.Select(c => c.Name));
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
