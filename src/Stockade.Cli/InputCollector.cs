using Stockade.Engine;

namespace Stockade.Cli;

/// <summary>
/// Turns the command line's paths into inputs: files as given, folders searched recursively for
/// <c>.yaml</c>, <c>.yml</c> and <c>.json</c> (in name order, skipping <c>.git</c>, <c>node_modules</c> and linked folders), <c>-</c> for
/// standard input. Every input is opened once, by the scan; a path or folder that cannot be read
/// is an error with its reason, a linked folder that is not entered a note, and so is a path an
/// exclude pattern leaves out (<see cref="PathExcludes"/>; named on the command line or found in a
/// folder alike, as Trivy's skip options do). A file under a Helm chart's <c>templates/</c> is
/// marked <see cref="ScanInput.InHelmChart"/>.
/// </summary>
internal static class InputCollector
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static List<ScanInput> Collect(IReadOnlyList<string> paths, Func<Stream> stdin, List<ScanError> errors, List<ScanNote>? notes = null) =>
        Collect(paths, stdin, errors, notes, PathExcludes.None);

    internal static List<ScanInput> Collect(IReadOnlyList<string> paths, Func<Stream> stdin, List<ScanError> errors, List<ScanNote>? notes, PathExcludes excludes)
    {
        var inputs = new List<ScanInput>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(new ScanInput("<stdin>", stdin) { IsStream = true });
                continue;
            }
            if (excludes.Match(path) is { } excluded)
            {
                notes?.Add(new ScanNote(path, 0, 0, PathExcludes.Note(excluded)));
                continue;
            }
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                errors.Add(new ScanError(path, 0, 0, "no such file or directory"));
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ScanError(path, 0, 0, $"cannot read: {e.Message}"));
                continue;
            }
            if ((attributes & FileAttributes.Directory) != 0)
            {
                foreach (var file in FilesUnder(path, errors, notes, excludes)) inputs.Add(FileInput(file, isStream: false));
            }
            else
            {
                // Pipes (`<(…)`, /dev/stdin), FIFOs and devices have no size; a file named on the
                // command line may be any of them.
                inputs.Add(FileInput(path, isStream: new FileInfo(path).Length == 0));
            }
        }
        return inputs;
    }

    private static bool IsManifestName(string name) =>
        Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && name is not ".stockade.yaml" and not ".stockade-baseline.json";

    private static ScanInput FileInput(string path, bool isStream) =>
        new(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan)) { IsStream = isStream, InHelmChart = InHelmChart(path) };

    /// <summary>Under a <c>templates</c> folder next to a <c>Chart.yaml</c>: where Helm reads templates from.</summary>
    internal static bool InHelmChart(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        while (dir != null)
        {
            if (Path.GetFileName(dir) == "templates" && Path.GetDirectoryName(dir) is { } chart && File.Exists(Path.Combine(chart, "Chart.yaml"))) return true;
            dir = Path.GetDirectoryName(dir);
        }
        return false;
    }

    private static IEnumerable<string> FilesUnder(string root, List<ScanError> errors, List<ScanNote>? notes, PathExcludes excludes)
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
                // Skipping it would pass whatever it holds.
                errors.Add(new ScanError(dir, 0, 0, $"cannot read folder: {e.Message}"));
                continue;
            }
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                var isFolder = Directory.Exists(entry);
                // Only what would have been read is noted: a folder, or a file with a manifest extension.
                if ((isFolder || IsManifestName(name)) && excludes.Match(entry) is { } excluded)
                {
                    notes?.Add(new ScanNote(entry, 0, 0, PathExcludes.Note(excluded)));
                    continue;
                }
                if (isFolder)
                {
                    if (name is ".git" or "node_modules") continue;
                    // Like kubectl -R (filepath.Walk), linked folders are not entered: a link to a
                    // parent would otherwise scan the same files over and over.
                    if (new DirectoryInfo(entry).LinkTarget is { } target)
                    {
                        notes?.Add(new ScanNote(entry, 0, 0, $"not scanned: a link to the folder {target}, which is not followed (name the folder itself to scan it)"));
                        continue;
                    }
                    pending.Push(entry);
                }
                else if (IsManifestName(name))
                {
                    files.Add(entry);
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
