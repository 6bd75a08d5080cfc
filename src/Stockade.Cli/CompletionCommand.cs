using System.CommandLine;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary>
/// Shell completion: <c>stockade completion bash|zsh</c> prints a script that asks
/// <c>stockade [suggest:POSITION] "COMMAND LINE"</c> (System.CommandLine's suggest directive) for the
/// words that complete the line — commands, kinds, options and the values of those with a fixed set.
/// </summary>
internal static class CompletionCommand
{
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    internal static readonly CommandSpec Spec = new(
        "completion",
        "print a shell completion script (bash or zsh)",
        "stockade completion bash|zsh",
        """
        Prints a script that completes stockade's commands, options and option values in the shell.
        bash:  source <(stockade completion bash)     (or save it under /etc/bash_completion.d/)
        zsh:   source <(stockade completion zsh)      (or save it as _stockade in a folder of $fpath)
        The script asks `stockade [suggest:POSITION] "COMMAND LINE"` for the words; paths are
        completed by the shell.
        """,
        Array.Empty<CliOption>());

    private const string Bash = """
        # stockade completion for bash: source <(stockade completion bash)
        _stockade_complete() {
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(stockade "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _stockade_complete stockade

        """;

    private const string Zsh = """
        #compdef stockade
        # stockade completion for zsh: source <(stockade completion zsh), or save as _stockade in $fpath
        _stockade() {
            local -a words_found
            words_found=("${(@f)$(stockade "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            if [[ -n "${words_found[1]}" ]]; then
                compadd -a words_found
            else
                _files
            fi
        }
        if [[ "$funcstack[1]" == "_stockade" ]]; then _stockade "$@"; else compdef _stockade stockade; fi

        """;

    public static int Run(string[] args, Stream stdout)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        var script = a.Positionals switch
        {
            ["bash"] => Bash,
            ["zsh"] => Zsh,
            [var other] => throw new UsageException($"completion: unknown shell \"{other}\" (known: bash, zsh)"),
            _ => throw new UsageException("completion needs one SHELL: bash or zsh"),
        };
        CommandLine.WriteText(stdout, script);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// <c>stockade [suggest:N] "LINE"</c>: the completions at character N of LINE, one a line. The
    /// shells pass the whole line, program name first; it is taken off (whatever path it was run
    /// by) so that the line is read from the command word on.
    /// </summary>
    internal static int Suggest(string[] args, Stream stdout)
    {
        var input = args;
        if (args.Length == 2 && args[0].StartsWith("[suggest:", StringComparison.Ordinal) && args[0].EndsWith(']') && int.TryParse(args[0][9..^1], out var position))
        {
            var line = args[1];
            var space = line.IndexOf(' ');
            var program = space < 0 ? line : line[..space];
            if (space >= 0 && Path.GetFileName(program).StartsWith("stockade", StringComparison.Ordinal))
            {
                line = line[(space + 1)..];
                position = Math.Max(0, position - space - 1);
            }
            input = [$"[suggest:{Math.Min(position, line.Length)}]", line];
        }
        var output = new StringWriter();
        CommandLine.Tree().Parse(input, Configuration).Invoke(new InvocationConfiguration { Output = output });
        CommandLine.WriteText(stdout, output.ToString().Replace("\r\n", "\n"));
        return ExitCodes.Ok;
    }
}
