using System.CommandLine;
using System.CommandLine.Parsing;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary>
/// A command line parsed by System.CommandLine against a <see cref="CommandSpec"/>, with the
/// documented GNU-style contract kept: <c>--name value</c> and <c>--name=value</c>; a single-value
/// option given twice takes the last value, a repeatable one accumulates; <c>--</c> ends options;
/// a lone <c>-</c> is positional (stdin); no response files (<c>@FILE</c> is a path) and no bundling
/// (<c>-vx</c> is an unknown option, not <c>-v x</c>). Anything else is a <see cref="UsageException"/>.
/// </summary>
internal sealed class ArgReader
{
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    private readonly CommandSpec _spec;
    private readonly ParseResult _result;

    public ArgReader(CommandSpec spec, IEnumerable<string> args)
    {
        _spec = spec;
        var list = args.ToList();
        RejectFlagValues(spec, list);
        _result = spec.Command.Parse(list, Configuration);
        if (_result.Errors.Count > 0)
        {
            var error = _result.Errors[0];
            throw new UsageException(error.SymbolResult is OptionResult o ? $"option {o.Option.Name} needs a value" : error.Message);
        }
        Positionals = PositionalsOf(_result, spec);
    }

    public IReadOnlyList<string> Positionals { get; }

    public bool Flag(string name) => Option(name) is { IsFlag: true } o && _result.GetValue<bool>(o.Name);

    /// <summary>The last value given for <paramref name="name"/>, or null.</summary>
    public string? Value(string name) => Values(name) is { Count: > 0 } values ? values[^1] : null;

    /// <summary>Every value given for <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> Values(string name) => Option(name) is { IsFlag: false } o ? _result.GetValue<string[]>(o.Name) ?? [] : [];

    // Commands share readers of options (--validate, --psp-authorization) some of them do not have: absent is not given.
    private CliOption? Option(string name) => _spec.Find(name);

    // System.CommandLine splits --flag=value into the flag and a positional value: a value for a flag is a usage error.
    private static void RejectFlagValues(CommandSpec spec, List<string> args)
    {
        foreach (var arg in args.TakeWhile(a => a != "--"))
        {
            var eq = arg.IndexOfAny(['=', ':']);
            if (arg.StartsWith('-') && eq > 0 && spec.Find(arg[..eq]) is { IsFlag: true } flag) throw new UsageException($"option {flag.Name} takes no value");
        }
    }

    // An unknown option is a positional to System.CommandLine; before --, a word that starts with - (other than -) is one.
    private static List<string> PositionalsOf(ParseResult result, CommandSpec spec)
    {
        var tokens = result.Tokens;
        var doubleDash = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }
        var positionals = new List<string>();
        if (result.GetResult(spec.Positionals) is not { } argument) return positionals;
        foreach (var token in argument.Tokens)
        {
            var literal = doubleDash >= 0 && IndexOf(tokens, token) > doubleDash;
            if (!literal && token.Value.Length > 1 && token.Value.StartsWith('-')) throw new UsageException(UnknownOption(spec, token.Value));
            positionals.Add(token.Value);
        }
        return positionals;
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++) if (ReferenceEquals(tokens[i], token)) return i;
        return -1;
    }

    private static string UnknownOption(CommandSpec spec, string word)
    {
        var eq = word.IndexOfAny(['=', ':']);
        var name = eq > 0 ? word[..eq] : word;
        var near = DidYouMean.Nearest(name, spec.Options.SelectMany(o => o.Aliases.Prepend(o.Name)));
        return $"unknown option {name} (see --help)" + (near != null ? $"; did you mean {near}?" : "");
    }
}
