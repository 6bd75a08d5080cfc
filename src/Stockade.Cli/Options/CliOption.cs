using System.CommandLine;

namespace Stockade.Cli.Options;

/// <summary>
/// One option of a command, the single source of its parsing (a System.CommandLine option), its
/// help line and its row in docs/commands/*.md. A value option given twice takes the last value
/// unless it is <see cref="Repeatable"/>, when the values accumulate; a flag takes no value.
/// </summary>
internal sealed record CliOption(string Name, string? ValueName, string Description, bool Repeatable = false, params string[] Aliases)
{
    public bool IsFlag => ValueName == null;

    /// <summary>An option that takes a value: <c>--name VALUE</c> or <c>--name=VALUE</c>; the last one given wins.</summary>
    public static CliOption Value(string name, string valueName, string description, params string[] aliases) => new(name, valueName, description, false, aliases);

    /// <summary>An option whose values accumulate when it is given several times.</summary>
    public static CliOption Many(string name, string valueName, string description, params string[] aliases) => new(name, valueName, description, true, aliases);

    public static CliOption Flag(string name, string description, params string[] aliases) => new(name, null, description, false, aliases);

    /// <summary><c>-h, --help</c>, which every command has.</summary>
    public static readonly CliOption Help = Flag("--help", "show this help", "-h");

    /// <summary>The values shell completion offers (<c>--format</c>: text, json, …); none when any value goes.</summary>
    public IReadOnlyList<string> Completions { get; init; } = [];

    /// <summary>The option's row in docs/commands (Markdown), when the page says more than the help line.</summary>
    public string? Docs { get; init; }

    /// <summary>How the option is written in help and docs: <c>-o, --output FILE</c>.</summary>
    public string Label => string.Concat(Aliases.Select(a => a + ", ")) + Name + (ValueName != null ? " " + ValueName : "");

    /// <summary>
    /// The System.CommandLine option. A value option always collects every occurrence (one value per
    /// occurrence, never the next positional), so that the last-value rule and repetition are ours to decide.
    /// </summary>
    internal Option Build()
    {
        Option option = IsFlag
            ? new Option<bool>(Name, Aliases) { Arity = ArgumentArity.Zero }
            : new Option<string[]>(Name, Aliases) { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false, HelpName = ValueName };
        option.Description = Description;
        if (Completions.Count > 0) option.CompletionSources.Add([.. Completions]);
        return option;
    }
}
