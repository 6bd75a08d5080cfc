using System.CommandLine;
using System.Text;

namespace Stockade.Cli.Options;

/// <summary>A titled group of options in a command's help (audit has "Source:" and "Report:").</summary>
internal sealed record OptionGroup(string Title, IReadOnlyList<CliOption> Options);

/// <summary>
/// A command's definition: its name, its usage and prose (hand-written), and its options. The help
/// text, the System.CommandLine command (parsing and completion) and the option table of its page
/// in docs/commands are all generated from it.
/// </summary>
internal sealed class CommandSpec
{
    private Command? _command;

    public CommandSpec(string name, string summary, string usage, string prose, IReadOnlyList<OptionGroup> groups, string footer = "")
    {
        Name = name;
        Summary = summary;
        Usage = usage;
        Prose = prose;
        Groups = groups;
        Footer = footer;
    }

    public CommandSpec(string name, string summary, string usage, string prose, IReadOnlyList<CliOption> options, string footer = "")
        : this(name, summary, usage, prose, [new OptionGroup("Options", options)], footer)
    {
    }

    /// <summary>The command's word (<c>scan</c>; <c>generate iptables</c> is <c>iptables</c> under <c>generate</c>).</summary>
    public string Name { get; }

    /// <summary>One line for the list of commands.</summary>
    public string Summary { get; }

    /// <summary>The usage line(s) after <c>Usage: </c>.</summary>
    public string Usage { get; }

    /// <summary>The command's line in <c>stockade --help</c> (default: the first usage line).</summary>
    public string Synopsis
    {
        get => field ?? Usage.Split('\n')[0].Trim();
        init;
    }

    public string Prose { get; }

    public IReadOnlyList<OptionGroup> Groups { get; }

    public string Footer { get; }

    /// <summary>Subcommands (the kinds of <c>generate</c>).</summary>
    public IReadOnlyList<CommandSpec> Children { get; init; } = [];

    /// <summary>The options, <c>--help</c> last as in the help text.</summary>
    public IEnumerable<CliOption> Options => Groups.SelectMany(g => g.Options).Append(CliOption.Help);

    public CliOption? Find(string nameOrAlias) => Options.FirstOrDefault(o => o.Name == nameOrAlias || o.Aliases.Contains(nameOrAlias));

    /// <summary>The System.CommandLine command its arguments are parsed with: the options and the positional arguments.</summary>
    internal Command Command => _command ??= Build(Positionals);

    internal Argument<string[]> Positionals { get; } = new("ARGS") { Arity = ArgumentArity.ZeroOrMore };

    /// <summary>The command with its subcommands, for completion (a tree of its own: a symbol belongs to one parent).</summary>
    internal Command Tree()
    {
        var command = Build(new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore });
        foreach (var child in Children) command.Subcommands.Add(child.Tree());
        return command;
    }

    private Command Build(Argument<string[]> positionals)
    {
        var command = new Command(Name, Summary) { positionals };
        foreach (var option in Options) command.Options.Add(option.Build());
        return command;
    }

    /// <summary>The text of <c>stockade COMMAND --help</c>.</summary>
    public string Help()
    {
        var sb = new StringBuilder();
        sb.Append("Usage: ").Append(Usage.TrimEnd().Replace("\n", "\n       ")).Append("\n\n");
        if (Prose.Length > 0) sb.Append(Prose.TrimEnd()).Append("\n\n");
        if (Children.Count > 0)
        {
            sb.Append("Kinds:\n");
            var kindWidth = Children.Max(c => c.Name.Length) + 3;
            foreach (var child in Children) sb.Append("  ").Append(child.Name.PadRight(kindWidth)).Append(child.Summary).Append('\n');
            sb.Append('\n');
        }
        var width = Math.Max(22, Options.Max(o => o.Label.Length) + 2);
        foreach (var group in Groups)
        {
            if (group.Options.Count == 0) continue;
            sb.Append(group.Title).Append(":\n");
            var options = group == Groups[^1] ? group.Options.Append(CliOption.Help) : group.Options;
            foreach (var option in options) AppendOption(sb, option, width);
            sb.Append('\n');
        }
        if (Groups.All(g => g.Options.Count == 0))
        {
            sb.Append("Options:\n");
            AppendOption(sb, CliOption.Help, width);
            sb.Append('\n');
        }
        if (Footer.Length > 0) sb.Append(Footer.TrimEnd()).Append('\n');
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private const int HelpWidth = 104;

    private static void AppendOption(StringBuilder sb, CliOption option, int width)
    {
        var indent = new string(' ', 2 + width);
        var line = new StringBuilder("  " + option.Label.PadRight(width));
        var first = true;
        foreach (var word in option.Description.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!first && line.Length + 1 + word.Length > HelpWidth)
            {
                sb.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(indent);
                first = true;
            }
            if (!first) line.Append(' ');
            line.Append(word);
            first = false;
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }

    /// <summary>The option table of docs/commands/COMMAND.md: one row per option, as in the help.</summary>
    public string MarkdownTable()
    {
        var sb = new StringBuilder("| Option | Meaning |\n| --- | --- |\n");
        foreach (var option in Options)
        {
            var names = string.Join(", ", option.Aliases.Append(option.Name + (option.ValueName != null ? " " + option.ValueName : "")).Select(n => $"`{n}`"));
            var meaning = (option.Docs ?? option.Description).Replace("|", "\\|");
            // The help line lists the values; a longer text for the page may not.
            if (option.Docs != null && option.Completions.Count > 0) meaning += " Values: " + string.Join(", ", option.Completions.Select(v => $"`{v}`")) + ".";
            sb.Append("| ").Append(names).Append(" | ").Append(meaning).Append(option.Repeatable && !meaning.Contains("repeatable") ? " (repeatable)" : "").Append(" |\n");
        }
        return sb.ToString();
    }
}
