using System.Text;
using System.Text.RegularExpressions;
using Stockade.Cli.Options;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary>
/// <c>stockade init</c>: a commented <c>.stockade.yaml</c> for the repository it is run in, from
/// what its manifests hold: the registries they pull from (a starting allow-list for
/// image-registry-not-allowed), and excludes for Helm chart templates and kustomizations, which
/// are rendered before they are scanned.
/// </summary>
internal static class InitCommand
{
    internal static readonly CommandSpec Spec = new(
        "init",
        "write a commented .stockade.yaml for this repository",
        "stockade init [--force] [FOLDER]",
        """
        Writes FOLDER/.stockade.yaml (default: the current folder) with comments: profile, failOn, the
        registries the manifests under FOLDER pull from as settings.allowedRegistries, and exclude: entries
        for Helm chart templates and kustomization files (render those and pipe them in instead).
        """,
        [CliOption.Flag("--force", "replace an existing .stockade.yaml (otherwise init refuses)")],
        "Exit codes: 0 written; 2 usage error, or the file exists.");

    public static int Run(string[] args, Stream stdout)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 1) throw new UsageException("init takes at most one FOLDER");
        var root = a.Positionals.Count == 1 ? a.Positionals[0] : ".";
        if (!Directory.Exists(root)) throw new UsageException($"{root}: no such folder");
        var target = Path.Combine(root, ConfigLoader.FileName);
        if (File.Exists(target) && !a.Flag("--force")) throw new UsageException($"{target} exists; use --force to replace it");

        var errors = new List<ScanError>();
        var inputs = InputCollector.Collect([root], () => Stream.Null, errors);
        var images = new SortedSet<string>(StringComparer.Ordinal);
        var unreadable = errors.Count;
        foreach (var input in inputs.Where(i => !i.InHelmChart))
        {
            try
            {
                foreach (var obj in KubeObjects.Read([input], ParseLimits.Default))
                {
                    if (WorkloadLocator.Locate(obj) is not { } pod) continue;
                    foreach (var c in pod.Spec.AllContainers.Where(c => c.Image.IsSet && c.Image.Value.Length > 0)) images.Add(c.Image.Value);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable++;
            }
        }
        var text = Render(Excludes(root), images);
        OutputTarget.Write(target, stdout, output =>
        {
            output.Write(Encoding.UTF8.GetBytes(text));
            return ExitCodes.Ok;
        });
        CommandLine.WriteText(stdout, $"stockade: wrote {target} ({inputs.Count} file{(inputs.Count == 1 ? "" : "s")} read{(unreadable > 0 ? $", {unreadable} could not be" : "")}); next: stockade baseline {root}\n");
        return ExitCodes.Ok;
    }

    /// <summary>Chart template folders (next to a Chart.yaml) and kustomization files, relative to the root with <c>/</c>.</summary>
    private static List<(string Path, string Why)> Excludes(string root)
    {
        var found = new List<(string, string)>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        // One walk for both kinds of file (it was one per name, four in all).
        var marked = Directory.EnumerateFiles(root, "*", options)
            .Where(f => Path.GetFileName(f) is "Chart.yaml" or "kustomization.yaml" or "kustomization.yml" or "Kustomization")
            .ToList();
        foreach (var chart in marked.Where(f => Path.GetFileName(f) == "Chart.yaml").Order(StringComparer.Ordinal))
        {
            var templates = Path.Combine(Path.GetDirectoryName(chart)!, "templates");
            if (Directory.Exists(templates)) found.Add((Relative(root, templates), "a Helm chart's templates: scan `helm template CHART | stockade scan -` instead"));
        }
        foreach (var k in marked.Where(f => Path.GetFileName(f) != "Chart.yaml").Order(StringComparer.Ordinal))
        {
            found.Add((Relative(root, k), $"a kustomization: scan `kubectl kustomize {Relative(root, Path.GetDirectoryName(k)!)} | stockade scan -` instead"));
        }
        return found;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>
    /// The allow-list pattern for an image: its registry (the first part when it has a dot, a port or
    /// is localhost, as container runtimes read references), else the Docker Hub repository.
    /// </summary>
    internal static (string Pattern, string Comment) RegistryPattern(string image)
    {
        var slash = image.IndexOf('/');
        var first = slash > 0 ? image[..slash] : null;
        if (first != null && (first.Contains('.') || first.Contains(':') || first == "localhost")) return (Regex.Escape(first) + "/.+", "");
        var repository = image.Split('@')[0];
        var colon = repository.LastIndexOf(':');
        if (colon > 0) repository = repository[..colon];
        return (Regex.Escape(repository) + "([:@].+)?", "  # Docker Hub: no registry in the reference");
    }

    internal static string Render(IReadOnlyList<(string Path, string Why)> excludes, IEnumerable<string> images)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Stockade configuration, written by `stockade init`; see docs/configuration.md.");
        sb.AppendLine("# Found upward from the scanned path; `stockade scan --config FILE` names another.");
        sb.AppendLine();
        sb.AppendLine("# hardened: every rule; baseline or restricted (optionally :v1.N): a Pod Security Standard.");
        sb.AppendLine("profile: hardened");
        sb.AppendLine();
        sb.AppendLine("# Findings at or above this severity fail the scan: low, medium, high, critical or none.");
        sb.AppendLine("failOn: high");
        sb.AppendLine();
        sb.AppendLine("# Paths not to scan, relative to this file (** is any number of folders; a name without /");
        sb.AppendLine("# matches at any depth). Each excluded path is a note (stockade scan -v lists them).");
        if (excludes.Count == 0)
        {
            sb.AppendLine("# exclude:");
            sb.AppendLine("#   - 'vendor/**'");
        }
        else
        {
            sb.AppendLine("exclude:");
            foreach (var (path, why) in excludes) sb.AppendLine($"  - {Quote(path)}  # {why}");
        }
        sb.AppendLine();
        sb.AppendLine("# The findings accepted when adopting Stockade: `stockade baseline .` writes the file, and");
        sb.AppendLine("# scans then report only new findings.");
        sb.AppendLine("# baseline: .stockade-baseline.json");
        sb.AppendLine();
        var patterns = images.Select(RegistryPattern).DistinctBy(p => p.Pattern).OrderBy(p => p.Pattern, StringComparer.Ordinal).ToList();
        sb.AppendLine("# The registries the manifests pull from today, a starting allow-list for image-registry-not-allowed:");
        sb.AppendLine("# regular expressions, each matching a whole image reference. Review them.");
        if (patterns.Count == 0)
        {
            sb.AppendLine("# settings:");
            sb.AppendLine("#   allowedRegistries:");
            sb.AppendLine("#     - 'registry\\.example\\.com/.+'");
        }
        else
        {
            sb.AppendLine("settings:");
            sb.AppendLine("  allowedRegistries:");
            foreach (var (pattern, comment) in patterns) sb.AppendLine($"    - {Quote(pattern)}{comment}");
        }
        sb.AppendLine();
        sb.AppendLine("# rules:                      # a rule off, or at another severity");
        sb.AppendLine("#   automount-service-account-token: low");
        sb.AppendLine("# exemptions:                 # a granted exception, with a reason and an expiry");
        sb.AppendLine("#   - rule: host-network");
        sb.AppendLine("#     namespace: kube-system");
        sb.AppendLine("#     reason: the CNI agent needs the host network");
        sb.AppendLine("#     expires: 2026-12-31");
        return sb.ToString();
    }

    private static string Quote(string s) => $"'{s.Replace("'", "''")}'";
}
