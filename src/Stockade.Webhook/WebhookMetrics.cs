using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Stockade.Webhook;

/// <summary>
/// Counters and a latency histogram in Prometheus' text exposition format (0.0.4), written by
/// hand: a handful of series does not justify a metrics library.
/// </summary>
internal sealed class WebhookMetrics
{
    /// <summary>Upper bounds (seconds) of the latency buckets: admission answers are sub-millisecond to tens of milliseconds.</summary>
    public static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly ConcurrentDictionary<(string Route, string Verdict), long> _requests = new();
    private readonly ConcurrentDictionary<(string Route, string Kind), long> _errors = new();
    private readonly ConcurrentDictionary<string, long> _configReloads = new();
    private readonly ConcurrentDictionary<string, long> _certificateReloads = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new();
    private long _auditWriteFailures;
    private long _auditReopens;
    private volatile bool _auditLogWritable = true;

    /// <summary>Set by the audit log: false from a line that could not be written until one is.</summary>
    public bool AuditLogWritable
    {
        get => _auditLogWritable;
        set => _auditLogWritable = value;
    }

    /// <summary>The Namespace watch behind /validate/namespace, read when rendering (null without a cluster).</summary>
    public Func<(long Failures, string? LastError)>? NamespaceWatch { get; set; }

    /// <summary>The review memory budget, read when rendering (null without one).</summary>
    public ReviewBudget? Budget { get; set; }

    private sealed class Histogram
    {
        public readonly long[] Buckets = new long[LatencyBuckets.Length];
        public long Count;
        public double Sum;
    }

    /// <summary>One answered AdmissionReview, labelled with the verdict's <see cref="AdmissionVerdictNames.Name"/>.</summary>
    public void RecordRequest(string route, AdmissionVerdict verdict, TimeSpan latency)
    {
        _requests.AddOrUpdate((route, verdict.Name()), 1, (_, n) => n + 1);
        var h = _latency.GetOrAdd(route, _ => new Histogram());
        var seconds = latency.TotalSeconds;
        lock (h)
        {
            for (var i = 0; i < LatencyBuckets.Length; i++)
            {
                if (seconds <= LatencyBuckets[i]) h.Buckets[i]++;
            }
            h.Count++;
            h.Sum += seconds;
        }
    }

    /// <summary>A request answered with an HTTP error or an error review: malformed_json, too_large, bad_content_type…</summary>
    public void RecordError(string route, string kind) => _errors.AddOrUpdate((route, kind), 1, (_, n) => n + 1);

    private readonly ConcurrentDictionary<(string Policy, string Binding, string Action, string Error), long> _policyChecks = new();

    /// <summary>
    /// One ValidatingAdmissionPolicy checked under a binding on <c>/validate/policies</c>, as upstream's
    /// <c>apiserver_validating_admission_policy_check_total</c>: enforcement_action allow, deny, warn or audit;
    /// error_type no_error, or invalid_error for an evaluation error under failurePolicy Fail.
    /// </summary>
    public void RecordPolicyCheck(string policy, string binding, string action, string error) =>
        _policyChecks.AddOrUpdate((policy, binding, action, error), 1, (_, n) => n + 1);

    public long PolicyChecks(string policy, string binding, string action, string error) =>
        _policyChecks.TryGetValue((policy, binding, action, error), out var n) ? n : 0;

    /// <param name="result">success or failure.</param>
    public void RecordConfigReload(string result) => _configReloads.AddOrUpdate(result, 1, (_, n) => n + 1);

    public void RecordCertificateReload(string result) => _certificateReloads.AddOrUpdate(result, 1, (_, n) => n + 1);

    /// <summary>A PodSecurityPolicy <c>use</c> question answered: allowed, denied, error (no answer) or cache_hit.</summary>
    public void RecordAccessReview(string result) => _accessReviews.AddOrUpdate(result, 1, (_, n) => n + 1);

    public long AccessReviews(string result) => _accessReviews.TryGetValue(result, out var n) ? n : 0;

    private readonly ConcurrentDictionary<string, long> _accessReviews = new(StringComparer.Ordinal);

    /// <summary>A SubjectAccessReview for a ValidatingAdmissionPolicy's <c>authorizer</c> check: allowed, denied, or error.</summary>
    public void RecordPolicyAccessReview(string result) => _policyAccessReviews.AddOrUpdate(result, 1, (_, n) => n + 1);

    public long PolicyAccessReviews(string result) => _policyAccessReviews.TryGetValue(result, out var n) ? n : 0;

    private readonly ConcurrentDictionary<string, long> _policyAccessReviews = new(StringComparer.Ordinal);

    /// <summary>The reads of the cluster's own policies (<c>clusterPolicies: true</c>): failures so far, and the last while failing.</summary>
    public Func<(long Failures, string? LastError)>? ClusterPolicyWatch { get; set; }

    /// <summary>How many of the cluster's policies and bindings could not be compiled or read (while any, the route answers by the failure policy).</summary>
    public Func<int>? ClusterPoliciesNotApplied { get; set; }

    /// <summary>Whether serve asks the API server for the policies' <c>authorizer</c> checks (the counter is listed only then).</summary>
    public bool PolicyAuthorizer { get; set; }

    /// <summary>The SubjectAccessReviews, when serve asks the API server; their failing state is a gauge.</summary>
    public SubjectAccessReviews? AccessReviewer { get; set; }

    /// <summary>An audit line that could not be written (the response followed the audit failure policy).</summary>
    public void RecordAuditWriteFailure() => Interlocked.Increment(ref _auditWriteFailures);

    /// <summary>The audit file was found moved or deleted and created again.</summary>
    public void RecordAuditLogReopen() => Interlocked.Increment(ref _auditReopens);

    public long AuditWriteFailures => Interlocked.Read(ref _auditWriteFailures);
    public long AuditLogReopens => Interlocked.Read(ref _auditReopens);

    public long Requests(string route, string verdict) => _requests.TryGetValue((route, verdict), out var n) ? n : 0;
    public long Errors(string route, string kind) => _errors.TryGetValue((route, kind), out var n) ? n : 0;
    public long ConfigReloads(string result) => _configReloads.TryGetValue(result, out var n) ? n : 0;

    public string Render()
    {
        var sb = new StringBuilder();
        Header(sb, "stockade_admission_requests_total", "counter", "AdmissionReviews answered, by route and verdict.");
        foreach (var ((route, verdict), n) in _requests.OrderBy(k => k.Key.Route, StringComparer.Ordinal).ThenBy(k => k.Key.Verdict, StringComparer.Ordinal))
        {
            sb.Append($"stockade_admission_requests_total{{route=\"{Escape(route)}\",verdict=\"{verdict}\"}} {n}\n");
        }
        Header(sb, "stockade_admission_errors_total", "counter", "Requests refused as malformed or failed internally, by route and kind.");
        foreach (var ((route, kind), n) in _errors.OrderBy(k => k.Key.Route, StringComparer.Ordinal).ThenBy(k => k.Key.Kind, StringComparer.Ordinal))
        {
            sb.Append($"stockade_admission_errors_total{{route=\"{Escape(route)}\",kind=\"{kind}\"}} {n}\n");
        }
        Header(sb, "stockade_admission_duration_seconds", "histogram", "Time from request start to response, by route.");
        foreach (var (route, h) in _latency.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            lock (h)
            {
                var r = Escape(route);
                for (var i = 0; i < LatencyBuckets.Length; i++)
                {
                    sb.Append($"stockade_admission_duration_seconds_bucket{{route=\"{r}\",le=\"{Number(LatencyBuckets[i])}\"}} {h.Buckets[i]}\n");
                }
                sb.Append($"stockade_admission_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {h.Count}\n");
                sb.Append($"stockade_admission_duration_seconds_sum{{route=\"{r}\"}} {Number(h.Sum)}\n");
                sb.Append($"stockade_admission_duration_seconds_count{{route=\"{r}\"}} {h.Count}\n");
            }
        }
        Header(sb, "stockade_validating_policy_check_total", "counter", "ValidatingAdmissionPolicy checks on /validate/policies, by policy, binding, enforcement action and error type.");
        foreach (var ((policy, binding, action, error), n) in _policyChecks.OrderBy(k => k.Key.Policy, StringComparer.Ordinal).ThenBy(k => k.Key.Binding, StringComparer.Ordinal)
            .ThenBy(k => k.Key.Action, StringComparer.Ordinal).ThenBy(k => k.Key.Error, StringComparer.Ordinal))
        {
            sb.Append($"stockade_validating_policy_check_total{{policy=\"{Escape(policy)}\",policy_binding=\"{Escape(binding)}\",enforcement_action=\"{action}\",error_type=\"{error}\"}} {n}\n");
        }
        ByResult(sb, "stockade_config_reloads_total", "Configuration reloads after a file changed, by result (a failure keeps the last good configuration).", ["success", "failure"], ConfigReloads);
        ByResult(sb, "stockade_certificate_reloads_total", "Serving certificate reloads after the PEM files changed, by result.", ["success", "failure"], result => _certificateReloads.TryGetValue(result, out var n) ? n : 0);
        Single(sb, "stockade_audit_write_failures_total", "counter", "Audit lines that could not be written (disk full, file unwritable).", AuditWriteFailures);
        Single(sb, "stockade_audit_log_reopens_total", "counter", "Times the audit file was found moved or deleted and created again.", AuditLogReopens);
        Single(sb, "stockade_audit_log_writable", "gauge", "1 while audit lines are written, 0 from a failed line until the next one succeeds.", AuditLogWritable ? 1 : 0);
        if (AccessReviewer is { } reviewer)
        {
            ByResult(sb, "stockade_psp_access_reviews_total", "PodSecurityPolicy use questions, by result: allowed, denied (SubjectAccessReview answers), error (no answer: the failure policy decided), cache_hit.", ["allowed", "denied", "error", "cache_hit"], AccessReviews);
            Single(sb, "stockade_psp_access_review_failing", "gauge", "1 from a failed SubjectAccessReview until one succeeds.", reviewer.LastError != null ? 1 : 0);
            Single(sb, "stockade_psp_access_cache_entries", "gauge", "SubjectAccessReview answers cached.", reviewer.CachedEntries);
        }
        if (PolicyAuthorizer)
        {
            ByResult(sb, "stockade_policy_access_reviews_total", "ValidatingAdmissionPolicy authorizer checks asked of the API server, by result: allowed, denied, error (no answer: the decision errored and the policy's failure policy decided).",
                ["allowed", "denied", "error"], PolicyAccessReviews);
        }
        if (ClusterPolicyWatch is { } policyWatch)
        {
            var (failures, lastError) = policyWatch();
            Single(sb, "stockade_cluster_policy_watch_failures_total", "counter", "Failed discoveries, lists and watches of the cluster's ValidatingAdmissionPolicies, bindings and params (the last read stay in use).", failures);
            Single(sb, "stockade_cluster_policy_watch_failing", "gauge", "1 from a failed read of the cluster's policies until one succeeds.", lastError != null ? 1 : 0);
            Single(sb, "stockade_cluster_policies_not_applied", "gauge", "The cluster's policies and bindings that could not be read or compiled: while any, /validate/policies answers by the failure policy.", ClusterPoliciesNotApplied?.Invoke() ?? 0);
        }
        if (NamespaceWatch is { } watch)
        {
            var (failures, lastError) = watch();
            Single(sb, "stockade_namespace_watch_failures_total", "counter", "Failed lists and watches of Namespaces (the cached labels stay in use; unknown Namespaces are fetched).", failures);
            Single(sb, "stockade_namespace_watch_failing", "gauge", "1 from a failed list or watch of Namespaces until a list succeeds.", lastError != null ? 1 : 0);
        }
        if (Budget is { } budget)
        {
            Header(sb, "stockade_review_memory_bytes", "gauge", "Estimated memory of the reviews in flight, and the budget beyond which requests are answered 429.");
            sb.Append($"stockade_review_memory_bytes{{state=\"reserved\"}} {budget.Reserved}\n");
            sb.Append($"stockade_review_memory_bytes{{state=\"capacity\"}} {budget.Capacity}\n");
            Single(sb, "stockade_reviews_in_flight", "gauge", "Reviews being read or evaluated.", budget.InFlight);
        }
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append($"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Single(StringBuilder sb, string name, string type, string help, long value)
    {
        Header(sb, name, type, help);
        sb.Append($"{name} {value}\n");
    }

    /// <summary>A counter with one series per result, each written even at zero so dashboards see it.</summary>
    private static void ByResult(StringBuilder sb, string name, string help, string[] results, Func<string, long> count)
    {
        Header(sb, name, "counter", help);
        foreach (var result in results)
        {
            sb.Append($"{name}{{result=\"{result}\"}} {count(result)}\n");
        }
    }

    private static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string label) => label.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
