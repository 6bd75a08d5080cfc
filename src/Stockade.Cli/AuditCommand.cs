using k8s;
using Stockade.Cluster;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.Profiles;
using Stockade.Reporting;
using Stockade.Rules;
using Stockade.Yaml;

namespace Stockade.Cli;

/// <summary>
/// <c>stockade audit</c>: every rule of the profile over a live cluster (read page by page
/// through the Kubernetes client) or over a dump of one (<c>--from</c>).
/// </summary>
public static class AuditCommand
{
    public const string Help = """
        Usage: stockade audit [options]                 audit the cluster of the current kubeconfig context
               stockade audit --from FILE|DIR [options]  audit a dump: kubectl get -o yaml|json output, folders of
                                                        manifests, /etc/kubernetes/manifests, kubelet and encryption configs

        Live clusters are read with the official Kubernetes client, page by page (--page-size), restarting a
        list whose continue token expired. Workloads are audited at their controller (Deployments,
        StatefulSets, DaemonSets, CronJobs, and Jobs, ReplicaSets and pods no controller owns), with
        Namespaces, ServiceAccounts, Roles, ClusterRoles and their bindings, NetworkPolicies,
        ResourceQuotas and LimitRanges. Resources the credentials may not list are named in the report
        (as notes) and on stderr; they do not stop the audit. Live objects are reported as
        cluster://NAMESPACE/KIND/NAME.

        Source:
          --from PATH              audit files instead of a cluster (repeatable; - for stdin)
          --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, then in-cluster)
          --context NAME           kubeconfig context (default: the current context)
          -n, --namespace NS       only this namespace (cluster-scoped RBAC is still read); default: all
          --page-size N            objects per list request (default 500)

        Report:
          --profile NAME           cluster (default: hardened + namespace-wide rules), hardened, baseline, restricted, …;
                                   namespace (each workload judged by its Namespace's Pod Security labels, read
                                   from the dump or the cluster); none (only the policies given with --policy)
          --namespace-default LV   with --profile namespace: the enforce level of namespaces without labels
                                   or not found (default baseline:latest)
          --policy FILE            also check pods against these PodSecurityPolicies (repeatable)
          --bundle-policies        with --from: PodSecurityPolicies among the files join too (otherwise they are
                                   only validated, and a note says they were not applied)
          --format FORMAT          text (default), json, sarif, junit, html (one self-contained page)
          --output FILE            write the report to FILE instead of stdout
          --fail-on LEVEL          low, medium, high (default), critical or none
          --config FILE            use FILE instead of the nearest .stockade.yaml
          --no-config              ignore .stockade.yaml files
          --date YYYY-MM-DD        the date exemption expiry is checked against (default: today, UTC)
          --jobs N                 worker threads (default: one per core)
          --color WHEN             auto (default), always, never
          -v, --verbose            also show suppressed findings and notes
          -h, --help               show this help

        Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, an
                    unreachable cluster, nothing readable, or an input file that could not be read.
        """;

    private static readonly HashSet<string> ValueOptions = ["--from", "--kubeconfig", "--context", "--namespace", "--page-size", "--policy", "--profile", "--format", "--output", "--fail-on", "--config", "--date", "--jobs", "--color", "--namespace-default"];
    private static readonly HashSet<string> FlagOptions = ["--no-config", "--verbose", "--help", PspOption.BundleOption];
    private static readonly Dictionary<string, string> Aliases = new() { ["-v"] = "--verbose", ["-h"] = "--help", ["-o"] = "--output", ["-f"] = "--format", ["-n"] = "--namespace" };

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal, bool? stderrIsTerminal = null)
    {
        var a = new ArgReader(args, ValueOptions, FlagOptions, Aliases);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Help + "\n");
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"audit takes no PATH arguments (did you mean --from {a.Positionals[0]}?)");
        var from = a.Values("--from");
        if (from.Count > 0)
        {
            foreach (var live in new[] { "--kubeconfig", "--context", "--namespace", "--page-size" })
            {
                if (a.Value(live) != null) throw new UsageException($"{live} is for a live cluster; it cannot be combined with --from");
            }
        }
        else if (a.Flag(PspOption.BundleOption))
        {
            throw new UsageException($"{PspOption.BundleOption} reads the policies among --from files; a live audit does not read PodSecurityPolicies");
        }

        var config = ScanCommand.LoadConfig(a, from.Count > 0 ? from[0] : null);
        var profileName = a.Value("--profile") ?? config.Profile ?? "cluster";
        var profile = new AuditProfile(
            profileName == NamespaceProfile.Name ? null : ScanCommand.ResolveProfile(profileName),
            ScanCommand.NamespaceDefault(a.Value("--namespace-default"), profileName),
            a.Values("--policy"), a.Flag(PspOption.BundleOption));
        // Checked before any input is read or cluster contacted: none with nothing to run is a usage error.
        if (profile.Fixed != null && from.Count == 0) PspOption.Apply(profile.Fixed, profile.PolicyFiles, [], false, []);
        var format = a.Value("--format") ?? "text";
        var reporter = ReporterRegistry.Find(format)
            ?? throw new UsageException($"unknown format \"{format}\" (known: {string.Join(", ", ReporterRegistry.Formats)})");
        var options = new ScanOptions
        {
            Profile = ProfileRegistry.None,
            Config = config,
            FailOn = ScanCommand.FailOn(a.Value("--fail-on"), config),
            Today = ScanCommand.Date(a.Value("--date")),
            Limits = ParseLimits.Default,
            MaxParallelism = (int)ScanCommand.PositiveLong(a.Value("--jobs"), "--jobs", Environment.ProcessorCount),
        };
        var outputPath = a.Value("--output");
        var color = ScanCommand.UseColor(a.Value("--color"), outputPath == null && stdoutIsTerminal);

        ScanResult? result = from.Count > 0
            ? FromFiles(from, stdin, options, profile)
            : FromCluster(a, options, profile, stderr, stderrIsTerminal ?? !Console.IsErrorRedirected);
        if (result == null) return ExitCodes.Error;

        var reportOptions = new ReportOptions { Color = color, Verbose = a.Flag("--verbose"), BaseDirectory = Directory.GetCurrentDirectory() };
        if (outputPath == null)
        {
            reporter.Write(result, stdout, reportOptions);
            stdout.Flush();
            return result.ExitCode;
        }
        try
        {
            using var file = new FileStream(outputPath, FileMode.Create, FileAccess.Write);
            reporter.Write(result, file, reportOptions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"stockade: cannot write {outputPath}: {e.Message}");
            return ExitCodes.Error;
        }
        return result.ExitCode;
    }

    /// <summary>What <c>--profile</c>, <c>--policy</c> and <c>--bundle-policies</c> asked for, made into a profile once the Namespaces and policies are read.</summary>
    /// <param name="Fixed">The profile, or null for <c>namespace</c> (it needs the Namespaces first).</param>
    private sealed record AuditProfile(Profile? Fixed, LevelVersion NamespaceDefault, IReadOnlyList<string> PolicyFiles, bool Bundle)
    {
        public string[] FirstPassKinds => Fixed == null ? ["PodSecurityPolicy", "Namespace"] : ["PodSecurityPolicy"];

        public Profile Build(IReadOnlyList<KubeObject> firstPass, List<ScanNote> notes)
        {
            var profile = Fixed ?? NamespaceProfile.Create(firstPass.Where(o => o.Kind == "Namespace"), NamespaceDefault);
            return PspOption.Apply(profile, PolicyFiles, firstPass.Where(o => o.Kind == "PodSecurityPolicy").ToList(), Bundle, notes);
        }
    }

    private static ScanResult FromFiles(IReadOnlyList<string> paths, Func<Stream> stdin, ScanOptions options, AuditProfile profile)
    {
        var inputErrors = new List<ScanError>();
        using var replayableStdin = new ReplayableStdin(stdin);
        var inputs = InputCollector.Collect(paths, replayableStdin.Open, inputErrors);
        var notes = new List<ScanNote>();
        options = options with { Profile = profile.Build(ObjectPrepass.Collect(inputs, options.Limits, profile.FirstPassKinds), notes) };
        var scanned = new Scanner(options).Scan(inputs);
        return inputErrors.Count == 0 && notes.Count == 0 ? scanned : With(scanned, errors: [.. inputErrors, .. scanned.Errors], notes: [.. notes, .. scanned.Notes]);
    }

    private static ScanResult? FromCluster(ArgReader a, ScanOptions options, AuditProfile profile, TextWriter stderr, bool showProgress)
    {
        var pageSize = (int)Math.Min(int.MaxValue, ScanCommand.PositiveLong(a.Value("--page-size"), "--page-size", 500));
        var ns = a.Value("--namespace");
        if (ns != null && !IsDnsLabel(ns)) throw new UsageException($"--namespace: \"{ns}\" is not a namespace name (a DNS label: a-z, 0-9, -)");

        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            // The KubernetesClient package reads kubeconfig and API objects by reflection, which a
            // NativeAOT binary does not have; it would crash in the client's type initialisers.
            stderr.WriteLine("stockade: this native (AOT) build cannot read a live cluster; use the .NET tool build (dotnet tool install stockade), or audit a dump with --from");
            return null;
        }
        KubernetesClientConfiguration clientConfig;
        try
        {
            clientConfig = ClusterConnection.Configure(a.Value("--kubeconfig"), a.Value("--context"));
        }
        catch (ClusterConfigException e)
        {
            stderr.WriteLine($"stockade: {e.Message}");
            return null;
        }

        using var client = new Kubernetes(clientConfig);
        var progress = showProgress ? new ProgressLine(stderr) : null;
        var reader = new ClusterReader(client, ns, pageSize) { Progress = progress == null ? null : progress.Update };
        ScanResult scanned;
        try
        {
            // The namespace profile reads the cluster's Namespaces first, as Pod Security Admission
            // reads a pod's Namespace before judging it.
            var namespaces = profile.Fixed == null
                ? ObjectPrepass.Collect(new ClusterReader(client, ns, pageSize, [AuditedKinds.Namespaces]).Inputs(), options.Limits, ["Namespace"])
                : [];
            options = options with { Profile = profile.Build(namespaces, []) };
            scanned = new Scanner(options).Scan(reader.Inputs());
        }
        catch (Exception e) when (Unreachable(e) is { } unreachable)
        {
            progress?.Clear();
            stderr.WriteLine($"stockade: {unreachable.Message} ({clientConfig.Host})");
            return null;
        }
        progress?.Clear();

        foreach (var u in reader.Unreadable) stderr.WriteLine($"stockade: warning: not audited: {u.Resource}{(u.Namespace == null ? "" : $" in {u.Namespace}")}: {u.Reason}");
        if (reader.Unreadable.Count == reader.Audited.Count)
        {
            stderr.WriteLine("stockade: nothing could be read from the cluster; check the credentials (kubectl auth can-i --list)");
            return null;
        }
        var notes = reader.Unreadable.Select(u => new ScanNote(u.Uri, 0, 0, $"not audited: {u.Reason}")).ToList();
        return With(scanned, notes: [.. notes, .. scanned.Notes]);
    }

    private static ClusterUnreachableException? Unreachable(Exception e) => e switch
    {
        ClusterUnreachableException u => u,
        AggregateException agg => agg.Flatten().InnerExceptions.OfType<ClusterUnreachableException>().FirstOrDefault(),
        _ => null,
    };

    private static ScanResult With(ScanResult r, IReadOnlyList<ScanError>? errors = null, IReadOnlyList<ScanNote>? notes = null) => new()
    {
        Objects = r.Objects,
        Findings = r.Findings,
        Errors = errors ?? r.Errors,
        Notes = notes ?? r.Notes,
        FailOn = r.FailOn,
        ProfileName = r.ProfileName,
        FileCount = r.FileCount,
        Rules = r.Rules,
    };

    private static bool IsDnsLabel(string s) =>
        s.Length is > 0 and <= 63 && s.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && s[0] != '-' && s[^1] != '-';

    /// <summary>One self-overwriting status line on a terminal's stderr.</summary>
    private sealed class ProgressLine(TextWriter stderr)
    {
        private int _total;
        private readonly Dictionary<string, int> _counts = new();

        public void Update(string resource, int count)
        {
            _counts[resource] = count;
            _total = _counts.Values.Sum();
            stderr.Write($"\r\u001b[Kstockade: reading {resource}: {count} ({_total} objects so far)");
            stderr.Flush();
        }

        public void Clear()
        {
            stderr.Write("\r\u001b[K");
            stderr.Flush();
        }
    }
}
