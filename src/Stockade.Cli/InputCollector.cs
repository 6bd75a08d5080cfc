using Stockade.Engine;

namespace Stockade.Cli;

/// <summary>
/// Turns the command line's paths into inputs: files as given, folders searched recursively for
/// <c>.yaml</c>, <c>.yml</c> and <c>.json</c> (in name order, skipping <c>.git</c>, <c>node_modules</c> and linked folders), <c>-</c> for
/// standard input.
/// </summary>
public static class InputCollector
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static List<ScanInput> Collect(IReadOnlyList<string> paths, Func<Stream> stdin, List<ScanError> errors)
    {
        var inputs = new List<ScanInput>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(new ScanInput("<stdin>", stdin));
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in FilesUnder(path)) inputs.Add(FileInput(file));
            }
            else if (File.Exists(path))
            {
                inputs.Add(FileInput(path));
            }
            else
            {
                errors.Add(new ScanError(path, 0, 0, "no such file or directory"));
            }
        }
        return inputs;
    }

    private static ScanInput FileInput(string path) =>
        new(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));

    private static IEnumerable<string> FilesUnder(string root)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (Directory.Exists(entry))
                {
                    // Like kubectl -R (filepath.Walk), linked folders are not entered: a link to a
                    // parent would otherwise scan the same files over and over.
                    if (name is not (".git" or "node_modules") && new DirectoryInfo(entry).LinkTarget == null) pending.Push(entry);
                }
                else if (Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && name != ".stockade.yaml")
                {
                    files.Add(entry);
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
