using Stockade.Config;
using Stockade.PodSecurity;
using Stockade.Psp;

namespace Stockade.Webhook;

/// <summary>What a route does with a violation.</summary>
internal enum AdmissionMode
{
    /// <summary>Deny the request (403, PSA's message).</summary>
    Enforce,
    /// <summary>Allow, with the message as a warning kubectl prints.</summary>
    Warn,
    /// <summary>Allow, with the message as an audit annotation in the API server's audit log.</summary>
    Audit,
    /// <summary>Do not evaluate (only meaningful for workload templates).</summary>
    Ignore,
}

/// <summary>What the webhook answers when it fails internally.</summary>
internal enum FailureMode
{
    /// <summary>Deny (500): a bug in the webhook never lets a pod through.</summary>
    Closed,
    /// <summary>Allow, with a warning and an audit annotation saying the check did not run.</summary>
    Open,
}

/// <summary>
/// Exemptions as in Pod Security Admission's <c>AdmissionConfiguration</c>: requests by these users,
/// in these namespaces, or pods with these runtime classes are allowed without evaluation.
/// </summary>
internal sealed record AdmissionExemptions(IReadOnlySet<string> Usernames, IReadOnlySet<string> Namespaces, IReadOnlySet<string> RuntimeClassNames)
{
    public static readonly AdmissionExemptions None = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>());
}

/// <summary>The webhook configuration file (<c>--config</c>), after validation.</summary>
internal sealed record WebhookConfig
{
    public string? File { get; init; }

    /// <summary>Mode of every route not listed in <see cref="RouteModes"/>.</summary>
    public AdmissionMode DefaultMode { get; init; } = AdmissionMode.Enforce;

    /// <summary>Mode by route key: a profile name (<c>restricted:v1.30</c>), or <c>psp</c> for both PSP routes.</summary>
    public IReadOnlyDictionary<string, AdmissionMode> RouteModes { get; init; } = new Dictionary<string, AdmissionMode>();

    /// <summary>
    /// How the pod templates of Deployments, Jobs… are treated. Pod Security Admission only warns
    /// and audits them (the pods are enforced when created); <c>enforce</c> rejects them at apply time.
    /// </summary>
    public AdmissionMode WorkloadMode { get; init; } = AdmissionMode.Warn;

    public FailureMode FailureMode { get; init; } = FailureMode.Closed;

    public AdmissionExemptions Exemptions { get; init; } = AdmissionExemptions.None;

    /// <summary>
    /// Namespaces whose objects' <c>exempt.stockade.dev</c> annotations are honoured
    /// (<c>annotationExemptions.namespaces</c>). Empty by default: the author of a pod chooses its
    /// annotations, so at admission they exempt nothing unless the administrator opts a namespace in.
    /// </summary>
    public IReadOnlySet<string> AnnotationExemptionNamespaces { get; init; } = new HashSet<string>();

    /// <summary>
    /// <c>/validate/namespace</c>: the enforce level of a Namespace without Pod Security labels
    /// (<c>namespaceDefault</c>; baseline:latest, as <c>scan --profile namespace</c>).
    /// </summary>
    public LevelVersion NamespaceDefault { get; init; } = new(PodSecurityLevel.Baseline, PodSecurityVersion.Latest);

    /// <summary>The scanner's configuration (rule toggles, severities, exemptions), from <c>scannerConfig</c>.</summary>
    public StockadeConfig Scanner { get; init; } = StockadeConfig.Default;

    /// <summary>PodSecurityPolicies for <c>/validate/psp</c> and <c>/mutate/psp</c>: <c>--policy</c> files plus <c>policies</c>.</summary>
    public IReadOnlyList<PspPolicy> Policies { get; init; } = [];

    /// <summary>Which policies a pod may use on the PSP routes, and the SubjectAccessReview cache (<c>pspAuthorization</c>).</summary>
    public PspAuthorizationSettings PspAuthorization { get; init; } = new();

    /// <summary>
    /// ValidatingAdmissionPolicies and bindings (with their params, Namespaces and CRDs) for
    /// <c>/validate/policies</c>, from the files <c>vapPolicies:</c> lists; only the administrator's
    /// files, never the object under review.
    /// </summary>
    public Stockade.Vap.VapPolicySet VapPolicies { get; init; } = new();

    /// <summary>
    /// <c>clusterPolicies: true</c>: <c>/validate/policies</c> also enforces the cluster's own
    /// ValidatingAdmissionPolicies and bindings (read and watched; a file's policy of the same name wins).
    /// </summary>
    public bool ClusterPolicies { get; init; }

    /// <summary>The Kubernetes version the policies compile for (<c>kubernetesVersion</c>), the cluster's too.</summary>
    public Stockade.Vap.VapKubernetesVersion KubernetesVersion { get; init; } = Stockade.Vap.VapKubernetesVersion.Newest;

    /// <summary>Every file this configuration was read from; a change to any of them triggers a reload.</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = [];

    public static readonly WebhookConfig Default = new();

    /// <summary>The mode a route applies to a Pod (not a template).</summary>
    public AdmissionMode ModeOf(string routeKey) => RouteModes.TryGetValue(routeKey, out var m) ? m : DefaultMode;

    /// <summary>The mode for a workload's template: never stricter than the route's own mode.</summary>
    public AdmissionMode WorkloadModeOf(string routeKey)
    {
        var route = ModeOf(routeKey);
        if (WorkloadMode == AdmissionMode.Ignore || route == AdmissionMode.Ignore) return AdmissionMode.Ignore;
        return (AdmissionMode)Math.Max((int)route, (int)WorkloadMode);
    }
}
