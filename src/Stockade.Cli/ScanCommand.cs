using System.Globalization;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.Profiles;
using Stockade.Reporting;
using Stockade.Rules;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary><c>stockade scan</c>: lint manifests with a profile.</summary>
public static class ScanCommand
{
    public const string Help = """
        Usage: stockade scan [options] PATH…

        Scans Kubernetes manifests: files, folders (recursively: .yaml, .yml, .json) and - for stdin.
        Multi-document YAML, JSON, and List kinds are read exactly as kubectl and the API server read them.

        Options:
          --profile NAME           hardened (default); baseline or restricted, optionally :v1.N or :latest
                                   (Pod Security Standards); namespace (each workload judged by the
                                   Pod Security labels of its namespace in the bundle); none (no
                                   built-in rule: only the policies given with --policy)
          --namespace-default LV   with --profile namespace: the enforce level of namespaces without
                                   labels or not in the bundle (default baseline:latest)
          --psa                    text format: also print Pod Security Admission's one-line verdict per object
          --policy FILE            also check against these PodSecurityPolicies (rule psp) and
                                   ValidatingAdmissionPolicies + bindings (rules vap:NAME; repeatable)
          --bundle-policies        policies among the scanned files join too (otherwise they are
                                   only validated, and a note says they were not applied)
          --psp-authorization MODE which policies a pod may use: bundle (as the Roles, ClusterRoles and
                                   bindings in the input grant use to its service account), all (every
                                   policy), auto (default: bundle when the input holds RBAC objects,
                                   else all, with a note)
          --psp-requester USER     also the user creating Pods (not workloads: their controller does)
          --psp-requester-group G  a group of that user (repeatable)
          --format FORMAT          text (default), json, sarif, junit, html
          --output FILE            write the report to FILE instead of stdout
          --fail-on LEVEL          low, medium, high (default), critical or none
          --config FILE            use FILE instead of the nearest .stockade.yaml
          --no-config              ignore .stockade.yaml files
          --date YYYY-MM-DD        the date exemption expiry is checked against (default: today, UTC)
          --max-document-bytes N   largest document accepted (default 67108864)
          --max-spool-bytes N      largest input kept for the rules that need all of it: PodSecurityPolicy,
                                   --profile namespace (default 1073741824)
          --jobs N                 worker threads (default: one per core)
          --color WHEN             auto (default), always, never; NO_COLOR disables colour
          -v, --verbose            also show suppressed findings and notes
          -h, --help               show this help

        Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
                    2 usage error or an input that could not be read (everything else is still scanned).
        """;

    private static readonly HashSet<string> ValueOptions = ["--policy", "--profile", "--format", "--output", "--fail-on", "--config", "--date", "--max-document-bytes", "--max-spool-bytes", "--jobs", "--color", "--namespace-default", .. PspOption.AuthorizationOptions];

    /// <summary>Default bound of the spool the whole-input rules read at the end (1 GiB).</summary>
    internal const long DefaultMaxSpoolBytes = 1L << 30;
    private static readonly HashSet<string> FlagOptions = ["--no-config", "--verbose", "--help", "--psa", PspOption.BundleOption];
    private static readonly Dictionary<string, string> Aliases = new() { ["-v"] = "--verbose", ["-h"] = "--help", ["-o"] = "--output", ["-f"] = "--format" };

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        var a = new ArgReader(args, ValueOptions, FlagOptions, Aliases);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Help + "\n");
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count == 0) throw new UsageException("scan needs at least one PATH (use - for stdin)");

        var config = LoadConfig(a, a.Positionals[0]);
        var profileName = a.Value("--profile") ?? config.Profile ?? ProfileRegistry.DefaultName;
        var namespaceDefault = NamespaceDefault(a.Value("--namespace-default"), profileName);
        var fixedProfile = profileName == NamespaceProfile.Name ? null : ResolveProfile(profileName);
        var format = a.Value("--format") ?? "text";
        var reporter = Reporting.ReporterRegistry.Find(format)
            ?? throw new UsageException($"unknown format \"{format}\" (known: {string.Join(", ", Reporting.ReporterRegistry.Formats)})");
        var failOn = FailOn(a.Value("--fail-on"), config);
        var options = new ScanOptions
        {
            Profile = fixedProfile ?? ProfileRegistry.Hardened,
            Config = config,
            FailOn = failOn,
            Today = Date(a.Value("--date")),
            Limits = ParseLimits.Default with { MaxDocumentBytes = PositiveLong(a.Value("--max-document-bytes"), "--max-document-bytes", ParseLimits.Default.MaxDocumentBytes) },
            MaxParallelism = (int)PositiveLong(a.Value("--jobs"), "--jobs", Environment.ProcessorCount),
        };

        var inputErrors = new List<ScanError>();
        var inputNotes = new List<ScanNote>();
        var inputs = InputCollector.Collect(a.Positionals, stdin, inputErrors, inputNotes);

        // PodSecurityPolicies (they join --policy with --bundle-policies, and are validated in any
        // case), for the namespace profile Namespaces, and the ServiceAccounts and LimitRanges the
        // API server applies to pods can be anywhere in the input, and the input is read once.
        var policies = a.Values("--policy");
        var bundlePolicies = a.Flag(PspOption.BundleOption);
        var authorization = PspOption.Authorization.Parse(a);
        using var spool = new TempFileSpool(PositiveLong(a.Value("--max-spool-bytes"), "--max-spool-bytes", DefaultMaxSpoolBytes));
        options = WholeInput.Defer(options, fixedProfile, policies, bundlePolicies,
            (found, notes) => PspOption.Apply(fixedProfile ?? NamespaceProfile.Create(found.Where(o => o.Kind == "Namespace"), namespaceDefault),
                policies, found.Where(o => o.Kind == "PodSecurityPolicy").ToList(), bundlePolicies, notes, authorization, found),
            spool, authorization);
        var outputPath = a.Value("--output");
        var color = UseColor(a.Value("--color"), outputPath == null && stdoutIsTerminal);
        var reportOptions = new ReportOptions
        {
            Color = color, Verbose = a.Flag("--verbose"), PsaLines = a.Flag("--psa"), BaseDirectory = Directory.GetCurrentDirectory(),
            // A pipe's findings are shown as they are found, not when a buffer fills.
            FlushEachDocument = inputs.Any(i => i.IsStream),
        };
        var scanner = new Scanner(options);
        return OutputTarget.Write(outputPath, stdout, output => reporter is TextReporter
            ? ScanStreaming(scanner, inputs, inputErrors, inputNotes, output, reportOptions)
            : ScanThenReport(scanner, inputs, inputErrors, inputNotes, reporter, output, reportOptions));
    }

    // The text format is written while the scan runs, so memory follows the documents in flight.
    private static int ScanStreaming(Scanner scanner, List<ScanInput> inputs, List<ScanError> inputErrors, List<ScanNote> inputNotes, Stream output, ReportOptions reportOptions)
    {
        var sink = new TextSink(output, reportOptions, scanner.ProfileName, scanner.FailOn);
        if (inputErrors.Count > 0 || inputNotes.Count > 0)
        {
            var missing = new DocumentOutcome();
            missing.Errors.AddRange(inputErrors);
            missing.Notes.AddRange(inputNotes);
            sink.Add(missing);
        }
        scanner.Scan(inputs, sink);
        return ExitCodes.Of(sink.Outcome);
    }

    // The other formats are documents with a structure of their own, written once the scan is done.
    private static int ScanThenReport(Scanner scanner, List<ScanInput> inputs, List<ScanError> inputErrors, List<ScanNote> inputNotes, IReporter reporter, Stream output, ReportOptions reportOptions)
    {
        var scanned = scanner.Scan(inputs);
        var result = inputErrors.Count == 0 && inputNotes.Count == 0 ? scanned : new ScanResult
        {
            Objects = scanned.Objects,
            Findings = scanned.Findings,
            Errors = [.. inputErrors, .. scanned.Errors],
            Notes = [.. inputNotes, .. scanned.Notes],
            FailOn = scanned.FailOn,
            ProfileName = scanned.ProfileName,
            FileCount = scanned.FileCount,
            Rules = scanned.Rules,
        };
        reporter.Write(result, output, reportOptions);
        return ExitCodes.Of(result.Outcome);
    }

    /// <summary>
    /// The configuration: none with <c>--no-config</c>, the <c>--config</c> file, else the nearest
    /// <c>.stockade.yaml</c> upward from <paramref name="firstPath"/> (the current folder for stdin).
    /// Shared by scan and audit.
    /// </summary>
    internal static StockadeConfig LoadConfig(ArgReader a, string? firstPath)
    {
        if (a.Flag("--no-config")) return StockadeConfig.Default;
        var path = a.Value("--config");
        if (path == null)
        {
            var first = firstPath is null or "-" ? Directory.GetCurrentDirectory() : firstPath;
            var start = Directory.Exists(first) ? first : Path.GetDirectoryName(Path.GetFullPath(first)) ?? ".";
            path = ConfigLoader.FindUpward(start);
            if (path == null) return StockadeConfig.Default;
        }
        else if (!File.Exists(path))
        {
            throw new UsageException($"--config {path}: no such file");
        }
        try
        {
            return ConfigLoader.Load(path, Catalog.Ids);
        }
        catch (ConfigException e)
        {
            throw new UsageException(e.Message);
        }
    }

    internal static LevelVersion NamespaceDefault(string? text, string profileName)
    {
        if (text == null) return new LevelVersion(PodSecurityLevel.Baseline, PodSecurityVersion.Latest);
        if (profileName != NamespaceProfile.Name) throw new UsageException("--namespace-default goes with --profile namespace");
        if (LevelVersion.TryParse(text, out var lv)) return lv;
        throw new UsageException($"--namespace-default: \"{text}\" is not privileged, baseline or restricted, optionally with :latest or :v1.N");
    }

    internal static Profile ResolveProfile(string name)
    {
        try
        {
            return ProfileRegistry.Resolve(name);
        }
        catch (UnknownProfileException e)
        {
            throw new UsageException(e.Message);
        }
    }

    internal static Severity? FailOn(string? text, StockadeConfig config)
    {
        if (text == null) return Verdicts.FailOn(config);
        if (text == "none") return null;
        if (SeverityNames.TryParse(text, out var s)) return s;
        throw new UsageException($"--fail-on: \"{text}\" is not low, medium, high, critical or none");
    }

    internal static DateOnly Date(string? text)
    {
        if (text == null) return Exemption.Today(TimeProvider.System);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new UsageException($"--date: \"{text}\" is not a date (YYYY-MM-DD)");
    }

    internal static long PositiveLong(string? text, string option, long fallback)
    {
        if (text == null) return fallback;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0) return v;
        throw new UsageException($"{option}: \"{text}\" is not a positive whole number");
    }

    internal static bool UseColor(string? when, bool isTerminal)
    {
        switch (when ?? "auto")
        {
            case "always": return true;
            case "never": return false;
            case "auto": return isTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && Environment.GetEnvironmentVariable("TERM") != "dumb";
            default: throw new UsageException($"--color: \"{when}\" is not auto, always or never");
        }
    }
}
