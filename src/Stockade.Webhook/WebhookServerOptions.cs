using System.Net;

namespace Stockade.Webhook;

/// <summary>Everything <c>stockade serve</c> is started with.</summary>
internal sealed record WebhookServerOptions
{
    public required string CertFile { get; init; }
    public required string KeyFile { get; init; }

    /// <summary>When set, clients must present a certificate signed by this CA (PEM; the API server's client certificate).</summary>
    public string? ClientCaFile { get; init; }
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, 8443);
    public string? ConfigFile { get; init; }
    public IReadOnlyList<string> PolicyFiles { get; init; } = [];
    public string? AuditLogFile { get; init; }
    public long AuditLogMaxBytes { get; init; } = 100L * 1024 * 1024;
    public int AuditLogKeep { get; init; } = 5;

    /// <summary>What a review gets when its audit line cannot be written.</summary>
    public AuditFailurePolicy AuditFailure { get; init; } = AuditFailurePolicy.Deny;

    /// <summary>The container's memory limit, from which the review budget is derived; null: the limit the runtime sees (the cgroup's, else the machine's memory).</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>How often the certificate and configuration files are checked for changes.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The API server sends at most 3 MiB objects (etcd's limit is 1.5 MiB, and a review carries two).</summary>
    public long MaxRequestBodyBytes { get; init; } = 3L * 1024 * 1024;
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A client sending the body slower than this (after the grace period) is cut off with 408.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 4096;
    public TimeSpan MinRequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After SIGTERM: how long the server keeps accepting (readiness 503) while the Service's endpoints drop this pod.</summary>
    public TimeSpan ShutdownDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After the delay: how long in-flight requests may run once the listener is closed.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Namespace labels from the cluster (a watched cache); without it <c>/validate/namespace</c> is an unknown route.</summary>
    public NamespaceLookup? NamespaceLabels { get; init; }

    /// <summary>Namespaces from the cluster as policies' <c>namespaceObject</c>; without it only the name and labels are known.</summary>
    public NamespaceObjectLookup? NamespaceObjects { get; init; }

    /// <summary>
    /// The state of the watch behind <see cref="NamespaceLabels"/>: failed lists and watches so far,
    /// and the last failure while the watch is failing (null once a list succeeds again).
    /// </summary>
    public Func<(long Failures, string? LastError)>? NamespaceWatch { get; init; }

    /// <summary>SubjectAccessReviews of the API server, for which PodSecurityPolicies a pod may use; null without a cluster (see <c>pspAuthorization.mode</c>).</summary>
    public SubjectAccessReview? AccessReview { get; init; }

    /// <summary>SubjectAccessReviews for the <c>authorizer</c> checks of <c>/validate/policies</c>; null without a cluster (every check is then an evaluation error).</summary>
    public PolicyAccessReview? PolicyAccessReview { get; init; }

    /// <summary>The cluster's ValidatingAdmissionPolicies, bindings and params as last read (null until read), for <c>clusterPolicies: true</c>; null without a cluster.</summary>
    public Func<Stockade.Vap.VapClusterObjects?>? ClusterPolicies { get; init; }

    /// <summary>The state of the reads behind <see cref="ClusterPolicies"/>: failures so far, and the last while failing.</summary>
    public Func<(long Failures, string? LastError)>? ClusterPolicyWatch { get; init; }

    /// <summary>The clock of exemption expiry, audit timestamps and certificate checks; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Write JSON logs to the console (off in tests).</summary>
    public bool ConsoleLogs { get; init; } = true;

    /// <summary>Test seam: runs before each decision, so a test can make evaluation fail and see the failure mode applied.</summary>
    internal Action<AdmissionRequest>? BeforeDecide { get; init; }
}

/// <summary>The answer to a review whose audit line cannot be written.</summary>
internal enum AuditFailurePolicy
{
    /// <summary>Deny it (503 in the AdmissionReview, saying why) and report not ready: no decision without its record.</summary>
    Deny,

    /// <summary>Answer it as decided, and report the failure (metrics, log, /readyz body): availability before the record.</summary>
    Continue,
}
