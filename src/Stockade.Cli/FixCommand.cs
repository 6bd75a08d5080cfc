using System.Globalization;
using System.Text;
using Stockade.Engine;
using Stockade.Fix;
using Stockade.Profiles;
using Stockade.Rules;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary><c>stockade fix</c>: rewrite manifests to pass the rules where a safe value exists.</summary>
internal static class FixCommand
{
    internal static readonly CommandSpec Spec = new(
        "fix",
        "rewrite manifests to pass the rules where a safe value exists",
        "stockade fix [options] PATH…",
        """
        Rewrites manifests so that their pods pass the profile's rules where a safe value exists
        (privileged off, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities drop ALL,
        readOnlyRootFilesystem: true, seccomp and AppArmor RuntimeDefault, automountServiceAccountToken:
        false, hostPath mounts readOnly, legacy annotations replaced by fields). Only the changed lines
        change: comments, anchors and key order stay. What has no safe value (resources, host
        namespaces, hostPath volumes, registries, added capabilities) is listed on stderr, not guessed.
        Exempted findings (.stockade.yaml, exempt.stockade.dev/ annotations) are not fixed.

        Output: a unified diff of each file on stdout; with --in-place the files are rewritten
        instead (each replaced whole once complete; a read-only file is left untouched); for - (stdin)
        the fixed manifest on stdout.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Value("--profile", "NAME", "hardened (default), baseline or restricted (optionally :v1.N or :latest): the minimum edits that make the pods pass that level") with { Docs = "`hardened` (default, or the configuration's `profile`), `baseline` or `restricted` with an optional `:v1.N` / `:latest`: the minimum edits that make the pods pass that Pod Security level" },
                CliOption.Many("--rule", "ID", "fix only findings of this rule (repeatable)") with { Docs = "fix only findings of this rule (repeatable); only those rules' findings count for the exit code" },
                CliOption.Flag("--in-place", "rewrite the files instead of printing a diff", "-i") with { Docs = "rewrite the files instead of printing a diff" },
                CliOption.Value("--run-as-user", "UID", "the UID for containers that run as root, as the image's user or a low UID") with { Docs = "the UID (1–2147483647) for containers that run as UID 0, as the image's user, or with a low UID" },
                CliOption.Value("--run-as-group", "GID", "the GID for containers without a runAsGroup or with a low one (and a low fsGroup)") with { Docs = "the GID for containers without a `runAsGroup` or with a low one, and for a low `fsGroup`" },
                CliOption.Flag("--tmp-empty-dir", "with readOnlyRootFilesystem, mount an emptyDir at /tmp") with { Docs = "with `readOnlyRootFilesystem: true`, also mount an `emptyDir` at `/tmp` in each fixed container (one volume per pod, named `tmp`, or `tmp-2`… when taken)" },
                CliOption.Value("--validate", "MODE", "unknown and duplicate fields of built-in kinds: strict (default: such a file is an error and left unchanged, as kubectl apply rejects it), warn, ignore") with { Docs = "as `scan`: with `strict` (default) a file with unknown or duplicate fields of built-in kinds is an error and left unchanged; `warn` or `ignore` fix it as a non-validating client would read it" },
                CommonOptions.Config,
                CommonOptions.NoConfig,
                CommonOptions.Date,
            ]),
        ],
        """
        Exit codes: 0 no finding left; 1 findings remain that could not be fixed safely (listed);
                    2 usage error or an input that could not be read (other files are still fixed).
        """);

    private static readonly HashSet<string> FlagOptions = ["--in-place", "--tmp-empty-dir", "--no-config", "--help"];

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count == 0) throw new UsageException("fix needs at least one PATH (use - for stdin)");
        var inPlace = a.Flag("--in-place");
        if (inPlace && a.Positionals.Contains("-")) throw new UsageException("--in-place cannot rewrite standard input");
        foreach (var rule in a.Values("--rule"))
        {
            if (!Catalog.Ids.Contains(rule)) throw new UsageException($"--rule {rule}: unknown rule (see stockade rules)");
        }
        var config = ScanCommand.LoadConfig(a, a.Positionals[0]);
        var scan = new ScanOptions
        {
            Profile = ScanCommand.ResolveProfile(a.Value("--profile") ?? config.Profile ?? ProfileRegistry.DefaultName),
            Config = config,
            Today = ScanCommand.Date(a.Value("--date")),
            // The ServiceAccounts in the file decide whether its pods mount a token, as in scan.
            BundleFromInput = true,
            // A file kubectl apply would reject is left unchanged, unless --validate says otherwise.
            FieldValidation = ValidateOption.Parse(a),
        };
        var options = new FixOptions
        {
            RunAsUser = Id(a.Value("--run-as-user"), "--run-as-user"),
            RunAsGroup = Id(a.Value("--run-as-group"), "--run-as-group"),
            TmpEmptyDir = a.Flag("--tmp-empty-dir"),
            Rules = a.Values("--rule").Count == 0 ? null : a.Values("--rule").ToHashSet(StringComparer.Ordinal),
        };

        var errors = new List<ScanError>();
        var inputs = InputCollector.Collect(a.Positionals, stdin, errors);
        var failed = errors.Count > 0;
        var remaining = false;
        foreach (var e in errors) stderr.WriteLine($"stockade: {e.File}: {e.Message}");
        var output = new StringBuilder();
        foreach (var input in inputs)
        {
            if (inPlace && !input.IsStream && IsReadOnly(input.Name))
            {
                // Checked before fixing: no "fixed" line for a file that is not written.
                stderr.WriteLine($"stockade: {input.Name}: the file is read-only; left unchanged");
                failed = true;
                continue;
            }
            if (InputBytes.Read(input, stderr) is not { } bytes)
            {
                failed = true;
                continue;
            }
            var result = FixPipeline.Fix(new FixInput(input.Name, bytes), scan, options);
            foreach (var e in result.Errors) stderr.WriteLine($"stockade: {e.File}:{e.Line}:{e.Column}: {e.Message}");
            foreach (var n in result.Notes) stderr.WriteLine($"stockade: note: {n}");
            foreach (var c in result.Changes)
            {
                var what = c.Cleared ? "fixed" : "changed (the finding remains)";
                stderr.WriteLine($"{input.Name}:{c.Line}: {c.Object}: {what} {c.Change.Rule}: {c.Change.Description}");
            }
            foreach (var f in result.Remaining)
            {
                stderr.WriteLine($"{f.File}:{f.Line}:{f.Column}: {f.Rule}: {f.Message} (not fixed: {FixNotes.WhyNot(f.Rule)})");
            }
            failed |= result.Errors.Count > 0;
            remaining |= result.Remaining.Count > 0;
            if (input.IsStream || input.Name == "-") output.Append(result.Fixed);
            else if (!inPlace) output.Append(UnifiedDiff.Create(result.Original, result.Fixed, "a/" + input.Name, "b/" + input.Name));
            else if (result.Changed) failed |= !WriteInPlace(input.Name, bytes, result.Fixed, stderr);
        }
        CommandLine.WriteText(stdout, output.ToString());
        return ExitCodes.Of(Verdicts.Outcome(failed, remaining));
    }

    // A rename would replace even a read-only file (only the folder's permission counts), and
    // root may write to any file: the file's own mode decides.
    private static bool IsReadOnly(string path) =>
        File.Exists(path) && (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserWrite) == 0 || new FileInfo(path).IsReadOnly);

    /// <summary>The file replaced whole through a temporary file and a rename; a failed write leaves it as it was.</summary>
    private static bool WriteInPlace(string path, byte[] original, string text, TextWriter stderr)
    {
        var bom = original.AsSpan().StartsWith("\uFEFF"u8) ? "\uFEFF" : "";
        try
        {
            OutputTarget.Write(path, Stream.Null, stream =>
            {
                stream.Write(Encoding.UTF8.GetBytes(bom + text));
                return 0;
            });
            return true;
        }
        catch (OutputException e)
        {
            stderr.WriteLine($"stockade: {e.Message}; {path} left unchanged");
            return false;
        }
    }

    private static long? Id(string? text, string option)
    {
        if (text == null) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 && v <= int.MaxValue) return v;
        throw new UsageException($"{option}: \"{text}\" is not an id between 1 and 2147483647");
    }
}
