using Stockade.Baselines;
using Stockade.Cli.Options;
using Stockade.Engine;
using Stockade.Reporting;

namespace Stockade.Cli;

/// <summary><c>stockade baseline</c>: accept today's findings, so that a scan with <c>--baseline</c> reports only new ones.</summary>
internal static class BaselineCommand
{
    /// <summary>
    /// Help and docs: scan's options without --format and --baseline, and --output naming the baseline
    /// file. The command line itself is read with scan's definition, so that those two get their own
    /// message rather than "unknown option".
    /// </summary>
    internal static readonly CommandSpec Spec = new(
        "baseline",
        "accept today's findings (.stockade-baseline.json)",
        "stockade baseline [options] PATH…",
        """
        Scans as `stockade scan` does (same options: --profile, --config, --exclude, …) and writes every
        unsuppressed finding to .stockade-baseline.json (or --output FILE), replacing it atomically.
        `stockade scan --baseline FILE` (or `baseline:` in .stockade.yaml) then reports only new findings.

        Each entry names the rule, the object (kind, namespace, name), the container, the file (relative
        to the baseline's folder; for `helm template` output, the template), the field path and the
        message, and a fingerprint of them without line numbers: moving lines or documents keeps a
        finding accepted, changing the offending value makes it new.
        """,
        [.. ScanCommand.Spec.Groups[0].Options
            .Where(o => o.Name is not ("--format" or "--baseline"))
            .Select(o => o.Name == "--output" ? CliOption.Value("--output", "FILE", "the baseline file to write (default .stockade-baseline.json)", "-o") : o)],
        """
        Exit codes: 0 written; 2 usage error, or an input that could not be read (nothing is written:
                    a baseline without that input's findings would hide them).
        """);

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        var writer = new Writer(stderr);
        ScanCommand.Run(args, stdin, stdout, stdoutIsTerminal, writer);
        if (writer.Written is { } count) stderr.WriteLine($"stockade: wrote {count} finding{(count == 1 ? "" : "s")} to {writer.Target}");
        return ExitCodes.Ok;
    }

    /// <summary>A finding's file as a baseline at <paramref name="baselinePath"/> names it: relative to its folder, with <c>/</c>.</summary>
    internal static Func<string, string> FileKey(string baselinePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(baselinePath)) ?? ".";
        return file => file == "<stdin>" ? file : Path.GetRelativePath(folder, Path.GetFullPath(file)).Replace('\\', '/');
    }

    /// <summary>Writes the result's unsuppressed findings as a baseline; an error in the scan writes nothing.</summary>
    internal sealed class Writer(TextWriter stderr) : IReporter
    {
        public string Format => "baseline";

        /// <summary>The baseline file (set by the scan from --output).</summary>
        public string Target { get; set; } = BaselineFile.FileName;

        public int? Written { get; private set; }

        public void Write(ScanResult result, Stream output, ReportOptions options)
        {
            if (result.Errors.Count > 0)
            {
                foreach (var e in result.Errors) stderr.WriteLine($"{(e.Line > 0 ? $"{e.File}:{e.Line}:{e.Column}" : e.File)}: error: {SafeText.Visible(e.Message)}");
                throw new UsageException($"baseline not written: {result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")} (a baseline without what could not be read would hide its findings)");
            }
            var fileKey = FileKey(Target);
            var entries = result.Findings.Where(f => !f.Suppressed).Select(f => Baseline.EntryOf(f, f.Source ?? fileKey(f.File))).ToList();
            BaselineFile.Write(output, entries);
            Written = entries.Count;
        }
    }
}
