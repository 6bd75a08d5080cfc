namespace Stockade.Cli;

/// <summary>
/// A small GNU-style argument reader: <c>--name value</c>, <c>--name=value</c>, flags, and
/// positional arguments; <c>--</c> ends options; a lone <c>-</c> is positional (stdin).
/// </summary>
public sealed class ArgReader
{
    private readonly List<string> _positionals = new();
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public ArgReader(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var list = args.ToList();
        var optionsEnded = false;
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                _positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }
            string name = arg, inline = null!;
            var eq = arg.IndexOf('=');
            if (eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }
            if (aliases != null && aliases.TryGetValue(name, out var full)) name = full;
            if (flagOptions.Contains(name))
            {
                if (eq > 0) throw new UsageException($"option {name} takes no value");
                _flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                string value;
                if (eq > 0) value = inline;
                else if (i + 1 < list.Count) value = list[++i];
                else throw new UsageException($"option {name} needs a value");
                if (!_values.TryGetValue(name, out var values)) _values[name] = values = new List<string>();
                values.Add(value);
            }
            else
            {
                throw new UsageException($"unknown option {name} (see --help)");
            }
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var v) ? v : [];
}
