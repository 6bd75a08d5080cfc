using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using k8s;
using Stockade.Cluster;
using Stockade.Config;
using Stockade.Webhook;
using Stockade.Cli.Options;

namespace Stockade.Cli;

/// <summary><c>stockade serve</c>: the validating and mutating admission webhook.</summary>
internal static class ServeCommand
{
    internal static readonly CommandSpec Spec = new(
        "serve",
        "run the admission webhook (validate/mutate over HTTPS)",
        "stockade serve --cert FILE --key FILE [options]",
        """
        Runs a Kubernetes admission webhook over HTTPS (TLS 1.2+). Routes:
          POST /validate/{profile}   restricted, restricted:v1.30, baseline, hardened… (Pod Security Admission's checks and messages)
          POST /validate/namespace   Pod Security Admission itself: each Namespace's pod-security.kubernetes.io
                                     labels, read from the cluster (needs --kubeconfig or in-cluster config)
          POST /validate/psp         admitted as written by one of the PodSecurityPolicies
          POST /mutate/psp           PodSecurityPolicy defaulting, answered as a JSON Patch
          GET  /healthz /readyz /metrics
        Certificate, key and configuration files are re-read when they change; a bad new
        configuration keeps the last good one. SIGTERM: readiness turns false, connections are still
        accepted for the shutdown delay, then the listener closes and in-flight requests finish.
        """,
        [
            new OptionGroup("Options", [
                CliOption.Value("--cert", "FILE", "serving certificate (PEM, signed directly by the caBundle's CA)") with { Docs = "serving certificate (PEM; the first certificate is served, intermediates in the file are not sent, so sign it directly with the CA in the caBundle, as `generate webhook` and a cert-manager self-signed or CA issuer do) and its key (PEM: PKCS#8, PKCS#1 or SEC1). Required. Re-read when either file changes." },
                CliOption.Value("--key", "FILE", "its private key (PEM)") with { Docs = "serving certificate (PEM; the first certificate is served, intermediates in the file are not sent, so sign it directly with the CA in the caBundle, as `generate webhook` and a cert-manager self-signed or CA issuer do) and its key (PEM: PKCS#8, PKCS#1 or SEC1). Required. Re-read when either file changes." },
                CliOption.Value("--client-ca", "FILE", "require client certificates signed by this CA (PEM)") with { Docs = "require a client certificate that chains to this CA (PEM); the API server presents one when configured with an `AdmissionConfiguration` kubeconfig." },
                CliOption.Value("--listen", "ADDR:PORT", "default 0.0.0.0:8443") with { Docs = "default `0.0.0.0:8443`; `[::]:8443` for IPv6." },
                CliOption.Value("--config", "FILE", "webhook configuration (modes, exemptions, failurePolicy; see docs/webhook.md)") with { Docs = "the webhook configuration ([docs/webhook.md](../webhook.md#configuration)): modes, exemptions, failure mode, scanner configuration, PSP files. Re-read when it changes." },
                CliOption.Many("--policy", "FILE", "PodSecurityPolicy file for the psp routes (repeatable)") with { Docs = "PodSecurityPolicy objects for `/validate/psp` and `/mutate/psp` (repeatable)." },
                CliOption.Value("--kubeconfig", "FILE", "cluster to read Namespace labels from (/validate/namespace) and to ask SubjectAccessReviews of (which PodSecurityPolicies a pod may use) (default: the in-cluster service account, when running in a pod)") with { Docs = "the cluster whose Namespace labels `/validate/namespace` reads (listed once, then watched; a Namespace not yet seen is fetched). Without it, serve uses its pod's service account when it runs in a cluster (it needs `get`, `list` and `watch` on `namespaces`); elsewhere the route is 404." },
                CommonOptions.Context,
                CliOption.Value("--audit-log", "FILE", "one JSON line per decision, written before the response") with { Docs = "one JSON line per decision, flushed before the response ([format](../webhook.md#audit-log))." },
                CliOption.Value("--audit-log-max-mb", "N", "rotate the audit log at N MiB (default 100)") with { Docs = "rotate at N MiB (default 100): `FILE` → `FILE.1` → …" },
                CliOption.Value("--audit-log-keep", "N", "rotated files kept (default 5)") with { Docs = "rotated files kept (default 5)." },
                CliOption.Value("--audit-failure", "POLICY", "when an audit line cannot be written: deny (default; /readyz 503) or continue (answer as decided, report in metrics, log, /readyz)") with { Docs = "when an audit line cannot be written (disk full, file unwritable): `deny` (default) denies every review with `code: 503` and a message saying why, and `/readyz` answers 503; `continue` answers as decided and reports it. Both count it in metrics and log it ([details](../webhook.md#audit-log-failures)). A moved, deleted or truncated file is simply created again or written at its end." },
                CliOption.Value("--memory-limit-mb", "N", "the container's memory limit; reviews beyond the budget derived from it are answered 429 (default: the limit the runtime sees)") with { Docs = "the container's memory limit (default: the limit the runtime sees). Reviews are charged `64 KiB + 64 × body` against `N − 96` MiB; beyond it, 429 with `Retry-After: 1` ([memory budget](../webhook.md#memory-budget))." },
                CliOption.Value("--reload-interval", "SECONDS", "how often files are checked for changes (default 2)") with { Docs = "how often the certificate and configuration files are checked (default 2)." },
                CliOption.Value("--shutdown-delay", "SECONDS", "after SIGTERM, keep accepting while endpoints update (default 5)") with { Docs = "after SIGTERM, `/readyz` answers 503 while connections are still accepted for this long, so endpoints drop the pod first (default 5; 0 for none)." },
                CliOption.Value("--shutdown-timeout", "SECONDS", "then, how long in-flight requests may run (default 20)") with { Docs = "then, after the listener closes, how long in-flight requests may run (default 20). The pod's `terminationGracePeriodSeconds` must exceed delay + timeout." },
            ]),
        ],
        """
        Exit codes: 0 stopped by a signal; 2 usage error, unusable certificate or configuration.
        """)
    {
        Synopsis = "stockade serve --cert F --key F",
    };

    private static readonly HashSet<string> FlagOptions = ["--help"];

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        var a = new ArgReader(Spec, args);
        if (a.Flag("--help"))
        {
            CommandLine.WriteText(stdout, Spec.Help());
            return ExitCodes.Ok;
        }
        if (a.Positionals.Count > 0) throw new UsageException($"serve takes no arguments (got \"{a.Positionals[0]}\")");
        var options = Options(a);
        NamespaceCache? namespaces;
        SubjectAccessReviewer? reviewer;
        ClusterPolicies? policies;
        try
        {
            namespaces = Namespaces(a, e => stderr.WriteLine($"stockade: namespace watch failed, retrying (cached labels stay in use): {e.Message}"));
            reviewer = AccessReviewer(a);
            policies = Policies(a, e => stderr.WriteLine($"stockade: reading the cluster's ValidatingAdmissionPolicies failed, retrying (the last read stay in use): {e.Message}"));
        }
        catch (ClusterConfigException e)
        {
            stderr.WriteLine($"stockade: {e.Message}");
            return ExitCodes.Error;
        }
        using var namespaceCache = namespaces;
        using var accessReviewer = reviewer;
        using var clusterPolicies = policies;
        if (policies != null) options = options with { ClusterPolicies = policies.Current, ClusterPolicyWatch = () => policies.State };
        if (namespaces != null) options = options with { NamespaceLabels = namespaces.Labels, NamespaceObjects = namespaces.Object, NamespaceWatch = () => namespaces.WatchState };
        if (reviewer != null) options = options with { AccessReview = reviewer.Allowed, PolicyAccessReview = reviewer.Check };
        WebhookServer server;
        try
        {
            server = WebhookServer.StartAsync(options).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is CertificateLoadException or ConfigException)
        {
            stderr.WriteLine($"stockade: {e.Message}");
            return ExitCodes.Error;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"stockade: cannot listen on {options.Listen}: {e.Message}");
            return ExitCodes.Error;
        }
        var signalled = new TaskCompletionSource();
        void OnSignal(PosixSignalContext context)
        {
            // Handled here: the runtime's default would end the process without draining.
            context.Cancel = true;
            signalled.TrySetResult();
        }
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal))
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal))
        {
            signalled.Task.GetAwaiter().GetResult();
            server.ShutdownAsync().GetAwaiter().GetResult();
        }
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }

    public static WebhookServerOptions Options(ArgReader a)
    {
        var cert = a.Value("--cert") ?? throw new UsageException("serve needs --cert FILE and --key FILE");
        var key = a.Value("--key") ?? throw new UsageException("serve needs --cert FILE and --key FILE");
        var files = new List<(string Option, string? File)>
        {
            ("--cert", cert), ("--key", key), ("--client-ca", a.Value("--client-ca")), ("--config", a.Value("--config")), ("--kubeconfig", a.Value("--kubeconfig")),
        };
        files.AddRange(a.Values("--policy").Select(p => ("--policy", (string?)p)));
        foreach (var (option, file) in files)
        {
            if (file != null && !File.Exists(file)) throw new UsageException($"{option} {file}: no such file");
        }
        var listenText = a.Value("--listen") ?? "0.0.0.0:8443";
        if (!IPEndPoint.TryParse(listenText, out var listen) || listen.Port == 0 && !listenText.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new UsageException($"--listen: \"{listenText}\" is not ADDRESS:PORT (e.g. 0.0.0.0:8443, [::]:8443)");
        }
        return new WebhookServerOptions
        {
            CertFile = cert,
            KeyFile = key,
            ClientCaFile = a.Value("--client-ca"),
            Listen = listen,
            ConfigFile = a.Value("--config"),
            PolicyFiles = a.Values("--policy"),
            AuditLogFile = a.Value("--audit-log"),
            AuditLogMaxBytes = (long)(Number(a, "--audit-log-max-mb", 100) * 1024 * 1024),
            AuditLogKeep = (int)Number(a, "--audit-log-keep", 5),
            AuditFailure = a.Value("--audit-failure") switch
            {
                null or "deny" => AuditFailurePolicy.Deny,
                "continue" => AuditFailurePolicy.Continue,
                var other => throw new UsageException($"--audit-failure: \"{other}\" is not deny or continue"),
            },
            MemoryLimitBytes = a.Value("--memory-limit-mb") == null ? null : (long)(Number(a, "--memory-limit-mb", 0) * 1024 * 1024),
            ReloadInterval = TimeSpan.FromSeconds(Number(a, "--reload-interval", 2)),
            ShutdownDelay = TimeSpan.FromSeconds(NonNegative(a, "--shutdown-delay", 5)),
            ShutdownTimeout = TimeSpan.FromSeconds(Number(a, "--shutdown-timeout", 20)),
        };
    }

    private static double NonNegative(ArgReader a, string option, double fallback)
    {
        var text = a.Value(option);
        if (text == null) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0) return n;
        throw new UsageException($"{option}: \"{text}\" is not a number of seconds (0 or more)");
    }

    internal static ArgReader Read(string[] args) => new(Spec, args);

    /// <summary>
    /// The watched Namespace labels for <c>/validate/namespace</c>: from <c>--kubeconfig</c>, or the
    /// in-cluster service account when serve runs in a pod; null (the route is unknown) otherwise.
    /// </summary>
    /// <exception cref="ClusterConfigException">The kubeconfig or context cannot be used.</exception>
    internal static NamespaceCache? Namespaces(ArgReader a, Action<Exception>? onError = null) =>
        ClusterConfig(a) is { } config ? new NamespaceCache(new ApiClient(config), TimeSpan.FromSeconds(2), onError) : null;

    /// <summary>The cluster's own ValidatingAdmissionPolicies (read only when the configuration's <c>clusterPolicies: true</c> asks).</summary>
    /// <exception cref="ClusterConfigException">The kubeconfig or context cannot be used.</exception>
    internal static ClusterPolicies? Policies(ArgReader a, Action<Exception>? onError = null) =>
        ClusterConfig(a) is { } config ? new ClusterPolicies(new ApiClient(config), onError) : null;

    /// <summary>SubjectAccessReviews for the psp routes, from the same cluster as <see cref="Namespaces"/>; null without one.</summary>
    /// <exception cref="ClusterConfigException">The kubeconfig or context cannot be used.</exception>
    internal static SubjectAccessReviewer? AccessReviewer(ArgReader a) =>
        ClusterConfig(a) is { } config ? new SubjectAccessReviewer(new ApiClient(config)) : null;

    /// <summary><c>--kubeconfig</c> (and <c>--context</c>), else the in-cluster service account when serve runs in a pod; null otherwise.</summary>
    private static KubernetesClientConfiguration? ClusterConfig(ArgReader a)
    {
        var kubeconfig = a.Value("--kubeconfig");
        if (kubeconfig == null && a.Value("--context") != null) throw new UsageException("--context goes with --kubeconfig");
        if (kubeconfig == null && !KubernetesClientConfiguration.IsInCluster()) return null;
        return kubeconfig != null
            ? ClusterConnection.Configure(kubeconfig, a.Value("--context"))
            : KubernetesClientConfiguration.InClusterConfig();
    }

    private static double Number(ArgReader a, string option, double fallback)
    {
        var text = a.Value(option);
        if (text == null) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        throw new UsageException($"{option}: \"{text}\" is not a positive number");
    }
}
