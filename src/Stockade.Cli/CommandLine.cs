namespace Stockade.Cli;

/// <summary>Dispatches <c>stockade COMMAND …</c>; every command returns a documented exit code.</summary>
public static class CommandLine
{
    public const string Usage = """
        stockade — Kubernetes workload security: hardened rules, Pod Security Standards, PodSecurityPolicy.

        Usage:
          stockade scan [options] PATH…      scan manifests (files, folders, - for stdin)
          stockade baseline [options] PATH…  accept today's findings (.stockade-baseline.json)
          stockade init [--force]            write a commented .stockade.yaml for this repository
          stockade audit [--from PATH] …     audit a live cluster or a dump of one
          stockade generate KIND …           webhook manifests, NetworkPolicies or node iptables rules
          stockade node [--root DIR]         check this node's files and running components (CIS 1.1, 4.1)
          stockade mutate --policy F PATH…   apply PodSecurityPolicy defaulting and policy choice
          stockade fix [options] PATH…       rewrite manifests to pass the rules where a safe value exists
          stockade serve --cert F --key F     run the admission webhook (validate/mutate over HTTPS)
          stockade krm < resource-list.yaml   run as a KRM function (kustomize or kpt validator)
          stockade rules [--format text|json] list the rule catalogue
          stockade explain RULE               show one rule: why, how to fix, references
          stockade version                    print the version

        Run `stockade COMMAND --help` for a command's options.
        Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable input.
        """;

    public static Task<int> RunAsync(string[] args, TextReader stdinText, Func<Stream> stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        // A failed write to standard output (a full disk, a closed device) is exit code 2 with a message, never a crash.
        stdout = new GuardedStream(stdout, "standard output");
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                WriteText(stdout, Usage + "\n");
                return Task.FromResult(args.Length == 0 ? ExitCodes.Error : ExitCodes.Ok);
            }
            var rest = args[1..];
            return Task.FromResult(args[0] switch
            {
                "scan" => ScanCommand.Run(rest, stdin, stdout, stderr, stdoutIsTerminal),
                "baseline" => BaselineCommand.Run(rest, stdin, stdout, stderr, stdoutIsTerminal),
                "init" => InitCommand.Run(rest, stdout),
                "audit" => AuditCommand.Run(rest, stdin, stdout, stderr, stdoutIsTerminal),
                "generate" => Generate.GenerateCommand.Run(rest, stdout, stderr),
                "node" => NodeCommand.Run(rest, stdout, stdoutIsTerminal),
                "mutate" => MutateCommand.Run(rest, stdin, stdout, stderr),
                "fix" => FixCommand.Run(rest, stdin, stdout, stderr),
                "serve" => ServeCommand.Run(rest, stdout, stderr),
                "krm" => KrmCommand.Run(rest, stdin, stdout, stderr),
                "rules" => RulesCommand.Run(rest, stdout),
                "explain" => ExplainCommand.Run(rest, stdout),
                "version" or "--version" => rest.Length == 0 ? Version(stdout) : throw new UsageException("version takes no arguments"),
                _ => throw new UsageException($"unknown command \"{args[0]}\" (see stockade --help)"),
            });
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

    private static int Version(Stream stdout)
    {
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
