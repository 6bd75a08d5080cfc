namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>What <c>stockade generate admission-policies</c> writes, validated by its host.</summary>
internal sealed record AdmissionPolicyPlan
{
    public required PodSecurityLevel Level { get; init; }
    public required PodSecurityVersion Version { get; init; }

    /// <summary>The pod binding's <c>validationActions</c> (Deny, or Warn and/or Audit).</summary>
    public IReadOnlyList<string> Actions { get; init; } = ["Deny"];

    /// <summary>Also a policy on the pod templates of workload controllers (PSA's warn and audit for controllers).</summary>
    public bool Workloads { get; init; }

    /// <summary>The workload binding's <c>validationActions</c>: PSA only warns and audits on controllers.</summary>
    public IReadOnlyList<string> WorkloadActions { get; init; } = ["Warn", "Audit"];

    /// <summary>Namespaces left out by the binding's namespaceSelector (PSA's <c>exemptions.namespaces</c>).</summary>
    public IReadOnlyList<string> ExemptNamespaces { get; init; } = [];

    /// <summary>Request users left out by a matchCondition (PSA's <c>exemptions.usernames</c>).</summary>
    public IReadOnlyList<string> ExemptUsers { get; init; } = [];

    /// <summary>runtimeClassNames left out by a matchCondition (PSA's <c>exemptions.runtimeClasses</c>).</summary>
    public IReadOnlyList<string> ExemptRuntimeClasses { get; init; } = [];

    /// <summary>PSA's name of the policy: <c>restricted:v1.30</c>.</summary>
    public string PolicyName => PodSecurityProfiles.PolicyName(Level, Version);

    /// <summary>The object name: <c>stockade-pss-restricted-v1.30</c>.</summary>
    public string ObjectName => $"stockade-pss-{Level.Name()}-{Version}";
}
