namespace Stockade.Bench;

/// <summary>One positional path and <c>--name value</c> options.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _options = new();

    public BenchArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
                _options[args[i]] = args[++i];
            }
            else if (Path == null) Path = args[i];
            else throw new ArgumentException($"unexpected argument {args[i]}");
        }
        if (Path == null) throw new ArgumentException("a path is required");
    }

    public string? Path { get; }

    public string Value(string name, string fallback) => _options.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        _options.TryGetValue(name, out var v) ? int.TryParse(v, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive number") : fallback;

    /// <summary>The YAML files to read: the file itself, or a folder's *.yaml files in name order.</summary>
    public List<string> Files()
    {
        if (File.Exists(Path)) return [Path!];
        if (Directory.Exists(Path))
        {
            var files = Directory.EnumerateFiles(Path!, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (files.Count > 0) return files;
        }
        throw new ArgumentException($"no YAML input at {Path}");
    }
}
