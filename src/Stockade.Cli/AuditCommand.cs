using Stockade.Cluster;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Vap;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.Profiles;
using Stockade.Psp;
using Stockade.Reporting;
using Stockade.Rules;
using Stockade.Rules.Custom;
using Stockade.Yaml;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary>
/// <c>stockade audit</c>: every rule of the profile over a live cluster (read page by page
/// through the Kubernetes client) or over a dump of one (<c>--from</c>).
/// </summary>
internal static class AuditCommand
{
    internal static readonly CommandSpec Spec = new(
        "audit",
        "audit a live cluster or a dump of one",
        """
        stockade audit [options]                 audit the cluster of the current kubeconfig context
        stockade audit --from FILE|DIR [options]  audit a dump: kubectl get -o yaml|json output, folders of
                                                 manifests, /etc/kubernetes/manifests, kubelet and encryption configs
        """,
        """
        Live clusters are read with the official Kubernetes client, page by page (--page-size), restarting a
        list whose continue token expired. Workloads are audited at their controller (Deployments,
        StatefulSets, DaemonSets, CronJobs, and Jobs, ReplicaSets and pods no controller owns), with
        Namespaces, ServiceAccounts, Roles, ClusterRoles and their bindings, NetworkPolicies,
        ResourceQuotas and LimitRanges. Resources the credentials may not list are named in the report
        (as notes) and on stderr; they do not stop the audit. Live objects are reported as
        cluster://NAMESPACE/KIND/NAME.
        """,
        [
            new OptionGroup("Source", [
                CliOption.Many("--from", "PATH", "audit files instead of a cluster (repeatable; - for stdin)"),
                CliOption.Value("--validate", "MODE", "with --from: unknown and duplicate fields of built-in kinds, as kubectl apply: strict (default: errors), warn (notes), ignore"),
                CliOption.Value("--kubeconfig", "FILE", "kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, then in-cluster)"),
                CommonOptions.Context,
                CliOption.Value("--namespace", "NS", "only this namespace (cluster-scoped RBAC is still read); default: all", "-n"),
                CliOption.Value("--page-size", "N", "objects per list request (default 500, at most 10000)"),
                CliOption.Value("--request-timeout", "T", "longest wait for one page, to its last byte (default 60s; 0: none)"),
                CliOption.Value("--max-objects", "N", "objects read from one resource before its list is given up (default 1000000)"),
            ]),
            new OptionGroup("Report", [
                CliOption.Value("--profile", "NAME", "cluster (default: hardened + namespace-wide rules), hardened, baseline, restricted, …; namespace (each workload judged by its Namespace's Pod Security labels, read from the dump or the cluster); none (only the policies given with --policy)") with { Completions = ProfileRegistry.KnownNames },
                CliOption.Value("--namespace-default", "LV", "with --profile namespace: the enforce level of namespaces without labels or not found (default baseline:latest)"),
                CliOption.Many("--policy", "FILE", "also check pods against these PodSecurityPolicies, and every object read against these ValidatingAdmissionPolicies + bindings (rules vap:NAME; repeatable); live, the resources they match (found through discovery), their params and Namespaces are read from the cluster"),
                CliOption.Value("--psp-authorization", "MODE", "which policies a pod may use: bundle (the cluster's or dump's RBAC, for the pod's service account), all, auto (default: bundle when there are RBAC objects, else all with a note)"),
                CliOption.Flag("--bundle-policies", "with --from: PodSecurityPolicies and ValidatingAdmissionPolicies (with their bindings, params, Namespaces, CRDs) among the files join too (otherwise they are only validated, and a note says they were not applied); live: the cluster's own ValidatingAdmissionPolicies and bindings (v1) join"),
                VapOption.VersionSpec,
                VapOption.RequestUserSpec,
                VapOption.RequestGroupSpec,
                CliOption.Value("--format", "FORMAT", "text (default), json, sarif, junit, html (one self-contained page)", "-f"),
                CommonOptions.ReportOutput,
                CommonOptions.FailOn,
                CommonOptions.Config,
                CommonOptions.NoConfig,
                CommonOptions.Date,
                CliOption.Value("--max-document-bytes", "N", "with --from: largest document (or JSON stream) accepted (default 67108864)"),
                CommonOptions.Jobs,
                CliOption.Value("--color", "WHEN", "auto (default), always, never"),
                CommonOptions.Verbose,
            ]),
        ],
        """
        Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, an
                    unreachable cluster, nothing readable, or an input file that could not be read.
        """)
    {
        Synopsis = "stockade audit [--from PATH] …",
    };

    private static readonly HashSet<string> FlagOptions = ["--no-config", "--verbose", "--help", PspOption.BundleOption];

    public static int Run(string[] args, Func<Stream> stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal, bool? stderrIsTerminal = null)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"audit takes no PATH arguments (did you mean --from {a.Positionals[0]}?)");
        var from = a.Values("--from");
        if (from.Count == 0 && a.Value("--max-document-bytes") != null) throw new UsageException("--max-document-bytes is for --from files; a live cluster is read object by object");
        if (from.Count > 0)
        {
            foreach (var live in new[] { "--kubeconfig", "--context", "--namespace", "--page-size", "--request-timeout", "--max-objects" })
            {
                if (a.Value(live) != null) throw new UsageException($"{live} is for a live cluster; it cannot be combined with --from");
            }
        }

        var config = ScanCommand.LoadConfig(a, from.Count > 0 ? from[0] : null);
        var profileName = a.Value("--profile") ?? config.Profile ?? "cluster";
        var profile = new AuditProfile(
            profileName == NamespaceProfile.Name ? null : ScanCommand.ResolveProfile(profileName),
            ScanCommand.NamespaceDefault(a.Value("--namespace-default"), profileName),
            a.Values("--policy"), a.Flag(PspOption.BundleOption), PspOption.Authorization.Parse(a), config, VapOption.Settings(a));
        // Checked before any input is read or cluster contacted: none with nothing to run is a usage error.
        // (With --bundle-policies the cluster's own policies may be all there is: known once it is read.)
        if (profile.Fixed != null && from.Count == 0 && !profile.Bundle) PspOption.Apply(CustomRules.Join(profile.Fixed, config), profile.PolicyFiles, [], false, [], settings: profile.PolicySettings);
        var reporter = ScanCommand.Reporter(a.Value("--format"));
        var options = new ScanOptions
        {
            Profile = ProfileRegistry.None,
            Config = config,
            FailOn = ScanCommand.FailOn(a.Value("--fail-on"), config),
            Today = ScanCommand.Date(a.Value("--date")),
            Limits = ParseLimits.Default with { MaxDocumentBytes = ScanCommand.PositiveLong(a.Value("--max-document-bytes"), "--max-document-bytes", ParseLimits.Default.MaxDocumentBytes) },
            MaxParallelism = (int)ScanCommand.PositiveLong(a.Value("--jobs"), "--jobs", Environment.ProcessorCount),
            // A dump is checked as kubectl apply would check it; what a live cluster lists, its API server already decoded.
            FieldValidation = from.Count > 0 ? ValidateOption.Parse(a) : Kube.Schema.FieldValidation.Ignore,
        };
        var outputPath = a.Value("--output");
        var color = ScanCommand.UseColor(a.Value("--color"), outputPath == null && stdoutIsTerminal);

        ScanResult? result = from.Count > 0
            ? FromFiles(from, stdin, options, profile)
            : FromCluster(a, options, profile, stderr, stderrIsTerminal ?? !Console.IsErrorRedirected);
        if (result == null) return ExitCodes.Error;

        var reportOptions = new ReportOptions { Color = color, Verbose = a.Flag("--verbose"), BaseDirectory = Directory.GetCurrentDirectory() };
        return OutputTarget.Write(outputPath, stdout, output =>
        {
            reporter.Write(result, output, reportOptions);
            return ExitCodes.Of(result.Outcome);
        });
    }

    /// <summary>What <c>--profile</c>, <c>--policy</c> and <c>--bundle-policies</c> asked for, made into a profile once the Namespaces and policies are read.</summary>
    /// <param name="Fixed">The profile, or null for <c>namespace</c> (it needs the Namespaces first).</param>
    /// <param name="Authorization">Which policies a pod may use: the RBAC objects of the dump or the cluster decide, for the pod's service account (the pods exist; no requester).</param>
    /// <param name="Config">Its <c>customRules:</c> join the profile.</param>
    /// <param name="PolicySettings">The API server whose CEL environment the policies compile in (<c>--kubernetes-version</c>), and the offline requester (<c>--request-user</c>).</param>
    private sealed record AuditProfile(Profile? Fixed, LevelVersion NamespaceDefault, IReadOnlyList<string> PolicyFiles, bool Bundle, PspOption.Authorization Authorization, StockadeConfig Config,
        VapSettings PolicySettings)
    {
        /// <param name="firstPass">The Namespaces, PodSecurityPolicies and RBAC objects read before the pods.</param>
        /// <param name="vap">The ValidatingAdmissionPolicies with what they read from the cluster (<see cref="LivePolicies"/>).</param>
        public Profile Build(IReadOnlyList<KubeObject> firstPass, List<ScanNote> notes, Vap.VapPolicySet? vap)
        {
            var profile = CustomRules.Join(Fixed ?? NamespaceProfile.Create(firstPass.Where(o => o.Kind == "Namespace"), NamespaceDefault), Config);
            // Live, --bundle-policies reads the cluster's ValidatingAdmissionPolicies (in vap), not PodSecurityPolicies.
            return PspOption.Apply(profile, PolicyFiles, firstPass.Where(o => o.Kind == "PodSecurityPolicy").ToList(), false, notes, Authorization, firstPass, vap, PolicySettings);
        }
    }

    private static ScanResult FromFiles(IReadOnlyList<string> paths, Func<Stream> stdin, ScanOptions options, AuditProfile profile)
    {
        var inputErrors = new List<ScanError>();
        var inputNotes = new List<ScanNote>();
        var inputs = InputCollector.Collect(paths, stdin, inputErrors, inputNotes);
        // Namespaces, policies, ServiceAccounts and LimitRanges can be anywhere in the dump, which
        // is read once: the profile states what it needs (Profile.Needs) and the scanner gathers it.
        using var spool = new TempFileSpool(ScanCommand.DefaultMaxSpoolBytes);
        var deferred = options with
        {
            Profile = PspOption.FromInput(CustomRules.Join(profile.Fixed ?? NamespaceProfile.FromInput(profile.NamespaceDefault), profile.Config), profile.PolicyFiles, profile.Bundle, profile.Authorization,
                profile.PolicySettings),
            BundleFromInput = true,
            SpillStream = TempFileSpool.OpenUnlinked,
            Spool = spool,
        };
        var scanned = new Scanner(deferred).Scan(inputs);
        return inputErrors.Count == 0 && inputNotes.Count == 0 ? scanned : With(scanned, errors: [.. inputErrors, .. scanned.Errors], notes: [.. inputNotes, .. scanned.Notes]);
    }

    /// <summary>The API server of <c>--kubeconfig</c>/<c>--context</c> (or the default kubeconfig, or the pod's service account); null, with the reason on stderr, when none can be used.</summary>
    private static ApiClient? Connect(ArgReader a, TextWriter stderr)
    {
        try
        {
            return new ApiClient(ClusterConnection.Configure(a.Value("--kubeconfig"), a.Value("--context")));
        }
        catch (ClusterConfigException e)
        {
            stderr.WriteLine($"stockade: {e.Message}");
            return null;
        }
    }

    private static ScanResult? FromCluster(ArgReader a, ScanOptions options, AuditProfile profile, TextWriter stderr, bool showProgress)
    {
        var limits = Limits(a, options);
        var ns = a.Value("--namespace");
        if (ns != null && !IsDnsLabel(ns)) throw new UsageException($"--namespace: \"{ns}\" is not a namespace name (a DNS label: a-z, 0-9, -)");

        if (Connect(a, stderr) is not { } connected) return null;
        using var client = connected;
        var progress = showProgress ? new ProgressLine(stderr) : null;
        ScanResult scanned;
        var buildNotes = new List<ScanNote>();
        LivePolicies? policies = null;
        ClusterReader reader;
        try
        {
            // The policies' own resources, params and Namespaces (and with --bundle-policies the cluster's policies) before anything is judged.
            if (profile.PolicyFiles.Count > 0 || profile.Bundle) policies = LivePolicies.Read(client, ns, limits, options.Limits, profile.PolicyFiles, profile.Bundle, buildNotes, profile.PolicySettings.Version);
            reader = new ClusterReader(client, ns, limits, policies?.Kinds) { Progress = progress == null ? null : progress.Update };
            // The namespace profile reads the cluster's Namespaces first, as Pod Security Admission
            // reads a pod's Namespace before judging it; the ServiceAccounts and LimitRanges the API
            // server applies to pods are listed first too (small lists, read again by the audit
            // proper), so pods are judged as scan judges them.
            var firstKinds = new List<AuditedKind>();
            if (profile.Fixed == null) firstKinds.Add(AuditedKinds.Namespaces);
            // With --policy, the cluster's RBAC decides which policies each pod's service account may use.
            if (profile.PolicyFiles.Count > 0 && profile.Authorization.ReadsInput) firstKinds.AddRange(AuditedKinds.All.Where(k => PspAuthorizer.RbacKinds.Contains(k.Kind)));
            var firstPass = firstKinds.Count > 0 ? KubeObjects.Read(new ClusterReader(client, ns, limits, firstKinds).Inputs(), options.Limits) : [];
            var bundleKinds = AuditedKinds.All.Where(k => BundleFacts.Kinds.Contains(k.Kind)).ToList();
            var bundle = BundleFacts.From(KubeObjects.Read(new ClusterReader(client, ns, limits, bundleKinds).Inputs(), options.Limits));
            options = options with { Profile = profile.Build(firstPass, buildNotes, policies?.Set), Bundle = bundle };
            scanned = new Scanner(options).Scan(reader.Inputs());
        }
        catch (Exception e) when (Unreachable(e) is { } unreachable)
        {
            progress?.Clear();
            stderr.WriteLine($"stockade: {unreachable.Message} ({client.Host})");
            return null;
        }
        catch (DiscoveryException e)
        {
            // Without discovery the resources the policies match are unknown: auditing only the fixed kinds would pass what they deny.
            progress?.Clear();
            stderr.WriteLine($"stockade: error: the policies cannot be audited: {SafeText.Visible(e.Message)} ({client.Host})");
            return null;
        }
        progress?.Clear();
        var unreadable = (policies?.Unreadable ?? []).Concat(reader.Unreadable).ToList();

        // What the credentials may not read, or the cluster does not serve, is a warning and a note;
        // a list that broke off (a broken answer, a limit, a timeout) leaves the audit incomplete
        // where the user did not choose it: an error, so the audit exits 2.
        foreach (var u in unreadable)
        {
            // The reason quotes the API server's own words (a Status message, an HTML page): escaped, so a
            // hostile or broken server cannot write terminal escapes or fake lines into the log.
            stderr.WriteLine($"stockade: {(u.IsError ? "error" : "warning")}: not audited: {u.Resource}{(u.Namespace == null ? "" : $" in {u.Namespace}")}: {SafeText.Visible(u.Reason)}");
        }
        if (reader.Unreadable.Count(u => !u.IsError) == reader.Audited.Count)
        {
            stderr.WriteLine("stockade: nothing could be read from the cluster; check the credentials (kubectl auth can-i --list)");
            return null;
        }
        var notes = unreadable.Where(u => !u.IsError).Select(u => new ScanNote(u.Uri, 0, 0, $"not audited: {u.Reason}")).ToList();
        var errors = unreadable.Where(u => u.IsError).Select(u => new ScanError(u.Uri, 0, 0,
            u.Required ? $"not audited to the end, though a loaded policy matches or reads it: {u.Reason}" : $"not audited to the end: {u.Reason}")).ToList();
        return With(scanned, errors: [.. errors, .. scanned.Errors], notes: [.. notes, .. buildNotes, .. scanned.Notes]);
    }

    /// <summary>The bounds of a live read, from <c>--page-size</c>, <c>--request-timeout</c>, <c>--max-objects</c> and the scan's document limit.</summary>
    private static ListLimits Limits(ArgReader a, ScanOptions options)
    {
        var pageSize = ScanCommand.PositiveLong(a.Value("--page-size"), "--page-size", 500);
        if (pageSize > ListLimits.MaxPageSize) throw new UsageException($"--page-size: at most {ListLimits.MaxPageSize}");
        var maxObjects = ScanCommand.PositiveLong(a.Value("--max-objects"), "--max-objects", new ListLimits().MaxObjectsPerResource);
        return new ListLimits
        {
            PageSize = (int)pageSize,
            PageTimeout = RequestTimeout(a.Value("--request-timeout")),
            MaxObjectsPerResource = (int)Math.Min(int.MaxValue, maxObjects),
            MaxItemBytes = options.Limits.MaxDocumentBytes,
        };
    }

    /// <summary>kubectl's <c>--request-timeout</c> form: a number with a unit (<c>30s</c>, <c>2m</c>, <c>1h</c>) or plain seconds; 0 for no limit.</summary>
    internal static TimeSpan? RequestTimeout(string? value)
    {
        if (value == null) return new ListLimits().PageTimeout;
        var hasUnit = value.Length > 0 && char.IsLetter(value[^1]);
        var unit = hasUnit ? value[^1] : 's';
        var number = hasUnit ? value[..^1] : value;
        if (!double.TryParse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n) || unit is not ('s' or 'm' or 'h'))
        {
            throw new UsageException($"--request-timeout: \"{value}\" is not a duration (30s, 2m, 1h, or 0 for none)");
        }
        var seconds = n * unit switch { 'm' => 60, 'h' => 3600, _ => 1 };
        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
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
