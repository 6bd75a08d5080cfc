using System.Globalization;
using Stockade.Baselines;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.Profiles;
using Stockade.Reporting;
using Stockade.Rules;
using Stockade.Rules.Custom;
using Stockade.Yaml;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary><c>stockade scan</c>: lint manifests with a profile.</summary>
internal static class ScanCommand
{
    internal static readonly CommandSpec Spec = new(
        "scan",
        "scan manifests (files, folders, - for stdin)",
        "stockade scan [options] PATH…",
        """
        Scans Kubernetes manifests: files, folders (recursively: .yaml, .yml, .json) and - for stdin.
        Multi-document YAML, JSON, and List kinds are read exactly as kubectl and the API server read them.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Value("--profile", "NAME", "hardened (default); baseline or restricted, optionally :v1.N or :latest (Pod Security Standards); namespace (each workload judged by the Pod Security labels of its namespace in the bundle); none (no built-in rule: only the policies given with --policy)") with { Docs = "The rule set to apply. `hardened` is every built-in rule that is on by default. Default: `profile:` in `.stockade.yaml`, else `hardened`. `--profile cluster`: The hardened rules plus the namespace-wide rules (default-deny NetworkPolicies, ResourceQuota, LimitRange, API server egress) — for a whole cluster's dump; the default of `stockade audit`. `--profile baseline`, `restricted`, `…:v1.N`: The Pod Security Standards at a level and version, exactly as Pod Security Admission ([pod security standards](../pod-security-standards.md)). `--profile namespace`: Each workload judged by the `pod-security.kubernetes.io/*` labels of its namespace, as written in the same bundle (enforce findings high, warn medium, audit low). `--profile none`: No built-in rule: only the policies given with `--policy` (or `--bundle-policies`) judge the pods, so a team migrating from PodSecurityPolicy sees exactly what its policies admit. Profile `psp` in the report. With no policy to run it is a usage error (exit code 2).", Completions = ProfileRegistry.KnownNames },
                CliOption.Value("--namespace-default", "LV", "with --profile namespace: the enforce level of namespaces without labels or not in the bundle (default baseline:latest)") with { Docs = "With `--profile namespace`: the enforce level of namespaces without labels or not in the bundle. `privileged` mirrors a cluster with PSA's stock configuration. Default: `baseline:latest`." },
                CliOption.Flag("--psa", "text format: also print Pod Security Admission's one-line verdict per object") with { Docs = "Text format: also print Pod Security Admission's one-line verdict for each object, `violates PodSecurity \"restricted:latest\": …` (enforce) or `would violate PodSecurity …` (warn, audit)." },
                CliOption.Many("--policy", "FILE", "also check against these PodSecurityPolicies (rule psp) and ValidatingAdmissionPolicies + bindings (rules vap:NAME; repeatable)") with { Docs = "Also check every pod against these PodSecurityPolicies (rule `psp`, [psp](../psp.md)); the profile's name gains `+psp`. The same option takes ValidatingAdmissionPolicies and their bindings (told apart by kind; a file may hold both, plus the params and Namespaces they read): each bound policy is a rule `vap:NAME` ([vap](../vap.md)). An invalid policy or binding (a CEL compile error: at the expression's own line:column) is a usage error (exit 2)." },
                CliOption.Flag("--bundle-policies", "policies among the scanned files join too (otherwise they are only validated, and a note says they were not applied)") with { Docs = "Policy documents among the scanned files (PodSecurityPolicies, ValidatingAdmissionPolicies and their bindings, with the ConfigMaps, Namespaces and CRDs of the input as their params and context) join the policy set too (a `--policy` one of the same name wins). Without it they are validated (rule `psp-invalid`) but judge no pod, and a note at each says it was not applied: an archived policy left in a repository never silently changes the profile." },
                VapOption.VersionSpec,
                VapOption.RequestUserSpec,
                VapOption.RequestGroupSpec,
                CliOption.Value("--psp-authorization", "MODE", "which policies a pod may use: bundle (as the Roles, ClusterRoles and bindings in the input grant use to its service account), all (every policy), auto (default: bundle when the input holds RBAC objects, else all, with a note)"),
                CommonOptions.PspRequester,
                CommonOptions.PspRequesterGroup,
                CommonOptions.Format,
                CommonOptions.ReportOutput,
                CommonOptions.FailOn,
                CliOption.Value("--baseline", "FILE", "report only findings not accepted in FILE (written by stockade baseline); accepted ones are suppressed (baselined), fixed entries are counted") with { Docs = "Report only findings the baseline (written by [`stockade baseline`](baseline.md)) does not accept; see [Baselines](#baselines). A missing or invalid file is exit code 2 with `FILE:LINE:COLUMN`. Default: `baseline:` in `.stockade.yaml`." },
                CliOption.Flag("--no-baseline", "ignore the baseline: of .stockade.yaml") with { Docs = "Ignore the configuration's `baseline:`." },
                CliOption.Many("--exclude", "GLOB", "do not scan paths matching GLOB, relative to the current folder (repeatable; ** any folders; each excluded path is a note)") with { Docs = "Do not scan paths matching GLOB, relative to the current folder; see [Excludes](#excludes). Default: `exclude:` in `.stockade.yaml`." },
                CliOption.Flag("--fix-hints", "text format: each finding's one-line fix (default on a terminal)") with { Docs = "Text format: print each finding's one-line fix (its rule's remediation) under it. Default: on when standard output is a terminal." },
                CliOption.Flag("--no-fix-hints", "text format: no fix lines") with { Docs = "Text format: no fix lines, even on a terminal; wins over `--fix-hints`." },
                CliOption.Value("--validate", "MODE", "unknown and duplicate fields of built-in kinds, as kubectl apply: strict (default: errors), warn (notes), ignore") with { Docs = "Unknown and duplicate fields of built-in kinds, as `kubectl apply --validate`: errors (exit code 2), notes, or not checked; see [Field validation](#field-validation). Default: `strict`." },
                CommonOptions.Config,
                CommonOptions.NoConfig,
                CommonOptions.Date,
                CliOption.Value("--max-document-bytes", "N", "largest document accepted (default 67108864)") with { Docs = "Largest document accepted. Default: `67108864`." },
                CliOption.Value("--max-spool-bytes", "N", "largest input kept for the rules that need all of it: PodSecurityPolicy, --profile namespace (default 1073741824)") with { Docs = "Largest input kept for the rules that need all of it (`--bundle-policies`, `--profile namespace`; nothing is kept otherwise). Default: `1073741824`." },
                CommonOptions.Jobs,
                CommonOptions.Color,
                CommonOptions.Verbose,
            ]),
        ],
        """
        Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
                    2 usage error or an input that could not be read (everything else is still scanned).
        """);

    /// <summary>Default bound of the spool the whole-input rules read at the end (1 GiB).</summary>
    internal const long DefaultMaxSpoolBytes = 1L << 30;

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal) =>
        Run(args, stdin, stdout, stdoutIsTerminal, baselineWriter: null);

    /// <summary>
    /// The scan; with <paramref name="baselineWriter"/> (<c>stockade baseline</c>) its findings are
    /// written as a baseline instead of a report, with the same options read the same way.
    /// </summary>
    internal static int Run(string[] args, Func<Stream> stdin, Stream stdout, bool stdoutIsTerminal, BaselineCommand.Writer? baselineWriter)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, (baselineWriter != null ? BaselineCommand.Spec : Spec).Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count == 0) throw new UsageException("scan needs at least one PATH (use - for stdin)");

        var config = LoadConfig(a, a.Positionals[0]);
        var profileName = a.Value("--profile") ?? config.Profile ?? ProfileRegistry.DefaultName;
        var namespaceDefault = NamespaceDefault(a.Value("--namespace-default"), profileName);
        var fixedProfile = profileName == NamespaceProfile.Name ? null : ResolveProfile(profileName);
        if (baselineWriter != null && a.Value("--format") != null) throw new UsageException("baseline writes its own format: --format is for scan");
        IReporter reporter = baselineWriter ?? Reporter(a.Value("--format"));
        var outputPath = a.Value("--output") ?? (baselineWriter != null ? BaselineFile.FileName : null);
        baselineWriter?.Target = outputPath!;
        var failOn = FailOn(a.Value("--fail-on"), config);
        var options = new ScanOptions
        {
            Profile = fixedProfile ?? ProfileRegistry.Hardened,
            Config = config,
            FailOn = failOn,
            Today = Date(a.Value("--date")),
            Limits = ParseLimits.Default with { MaxDocumentBytes = PositiveLong(a.Value("--max-document-bytes"), "--max-document-bytes", ParseLimits.Default.MaxDocumentBytes) },
            MaxParallelism = (int)PositiveLong(a.Value("--jobs"), "--jobs", Environment.ProcessorCount),
            // A baseline is written from every finding; one already accepted would be left out of the new one.
            Baseline = baselineWriter != null ? null : LoadBaseline(a, config),
            FieldValidation = ValidateOption.Parse(a),
        };

        var inputErrors = new List<ScanError>();
        var inputNotes = new List<ScanNote>();
        var inputs = InputCollector.Collect(a.Positionals, stdin, inputErrors, inputNotes, Excludes(a, config));

        // PodSecurityPolicies (they join --policy with --bundle-policies, and are validated in any
        // case), for the namespace profile Namespaces, and the ServiceAccounts and LimitRanges the
        // API server applies to pods can be anywhere in the input, and the input is read once: the
        // profile states what it needs (Profile.Needs) and the scanner gathers it.
        var policies = a.Values("--policy");
        var bundlePolicies = a.Flag(PspOption.BundleOption);
        var authorization = PspOption.Authorization.Parse(a);
        using var spool = new TempFileSpool(PositiveLong(a.Value("--max-spool-bytes"), "--max-spool-bytes", DefaultMaxSpoolBytes));
        options = options with
        {
            Profile = PspOption.FromInput(CustomRules.Join(fixedProfile ?? NamespaceProfile.FromInput(namespaceDefault), config), policies, bundlePolicies, authorization,
                VapOption.Settings(a)),
            BundleFromInput = true,
            // Findings held for the bundle go to a temporary file once there are many.
            SpillStream = TempFileSpool.OpenUnlinked,
            Spool = spool,
        };
        var color = UseColor(a.Value("--color"), outputPath == null && stdoutIsTerminal);
        var reportOptions = new ReportOptions
        {
            Color = color, Verbose = a.Flag("--verbose"), PsaLines = a.Flag("--psa"), BaseDirectory = Directory.GetCurrentDirectory(),
            FixHints = !a.Flag("--no-fix-hints") && (a.Flag("--fix-hints") || outputPath == null && stdoutIsTerminal),
            // A pipe's findings are shown as they are found, not when a buffer fills.
            FlushEachDocument = inputs.Any(i => i.IsStream),
        };
        var scanner = new Scanner(options);
        return OutputTarget.Write(outputPath, stdout, output => reporter is IStreamingReporter streaming
            ? ScanStreaming(scanner, inputs, inputErrors, inputNotes, streaming.Open(output, reportOptions, () => scanner.ProfileName, scanner.FailOn, scanner.Baseline, () => scanner.ReportedRules))
            : ScanThenReport(scanner, inputs, inputErrors, inputNotes, reporter, output, reportOptions));
    }

    // Text, JSON, SARIF and JUnit are written while the scan runs, so memory follows the documents in flight.
    private static int ScanStreaming(Scanner scanner, List<ScanInput> inputs, List<ScanError> inputErrors, List<ScanNote> inputNotes, IReportSink sink)
    {
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
            BaselineFixed = scanned.BaselineFixed,
            Baseline = scanned.Baseline,
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

    /// <summary>
    /// The baseline: <c>--baseline FILE</c>, else the configuration's <c>baseline:</c> (unless
    /// <c>--no-baseline</c>). Findings are keyed by their path relative to the baseline's folder, as
    /// <c>stockade baseline</c> wrote them. A file that cannot be used is a usage error with its position.
    /// </summary>
    private static Baseline? LoadBaseline(ArgReader a, StockadeConfig config)
    {
        if (a.Flag("--no-baseline")) return a.Value("--baseline") == null ? null : throw new UsageException("--baseline and --no-baseline contradict each other");
        var path = a.Value("--baseline") ?? config.Baseline;
        if (path == null) return null;
        if (!File.Exists(path)) throw new UsageException($"{(a.Value("--baseline") != null ? "--baseline" : $"baseline: in {config.File}")} {path}: no such file (write one with `stockade baseline`)");
        try
        {
            return new Baseline(BaselineFile.Read(path), path, BaselineCommand.FileKey(path));
        }
        catch (BaselineException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The configuration's <c>exclude:</c> (relative to its folder) and <c>--exclude</c> (relative to the current folder).</summary>
    internal static PathExcludes Excludes(ArgReader a, StockadeConfig config)
    {
        var configDir = config.File != null ? Path.GetDirectoryName(Path.GetFullPath(config.File)) ?? "." : ".";
        var configName = Path.GetFileName(config.File ?? ConfigLoader.FileName);
        return new PathExcludes([
            .. config.Exclude.Select(e => new ExcludePattern(e.Glob, configDir, $"exclude: in {configName}:{e.Line}")),
            .. a.Values("--exclude").Select(g => new ExcludePattern(g, Directory.GetCurrentDirectory(), "--exclude")),
        ]);
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

    /// <summary>The reporter of <c>--format</c> (text when not given), the same for every command that reports.</summary>
    internal static IReporter Reporter(string? format) => Reporting.ReporterRegistry.Find(format ?? "text")
        ?? throw new UsageException($"unknown format \"{format}\" (known: {string.Join(", ", Reporting.ReporterRegistry.Formats)})");

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
