using System.Collections.Concurrent;
using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.PodSecurity;

/// <summary>
/// Judges each pod by the Pod Security labels of its namespace, as the cluster's Pod Security
/// Admission would: enforce violations are high (the API server would refuse the pod), warn
/// violations medium (the client would see a warning), audit violations low (an audit
/// annotation). Warn and audit are not repeated when they name the enforce policy.
/// </summary>
internal sealed class NamespacePodSecurity(IReadOnlyDictionary<string, NamespacePolicy> policies, NamespacePolicy defaults) : PodRule
{
    private readonly ConcurrentDictionary<LevelVersion, IReadOnlyList<PodSecurityControl>> _controls = new();

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "pss-namespace",
        Title = "Pod Security Standards of the workload's namespace",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Pod Security Admission applies the level named by a namespace's " +
                    "pod-security.kubernetes.io labels. Checking each workload against its own namespace's labels " +
                    "before deploying shows what the cluster will refuse (enforce), warn about, or audit.",
        Remediation = "Fix the pod spec to meet its namespace's level, or change the namespace's labels deliberately.",
        RemediationYaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels:
                pod-security.kubernetes.io/enforce: restricted
                pod-security.kubernetes.io/enforce-version: latest
                pod-security.kubernetes.io/warn: restricted
            """,
        References = [new("Kubernetes docs", "Pod Security Admission labels", "https://kubernetes.io/docs/concepts/security/pod-security-admission/")],
        EnabledByDefault = false,
    };

    public NamespacePolicy PolicyFor(string ns) => policies.TryGetValue(ns, out var p) ? p : defaults;

    public override void Check(PodSubject pod, RuleContext context)
    {
        var ns = pod.Object.Namespace.IsSet && pod.Object.Namespace.Value.Length > 0 ? pod.Object.Namespace.Value : "default";
        var policy = PolicyFor(ns);
        var reported = Evaluate(pod, context, policy.Enforce, "enforce", Severity.High, new HashSet<string>(StringComparer.Ordinal));
        if (policy.Warn != policy.Enforce) Evaluate(pod, context, policy.Warn, "warn", Severity.Medium, reported);
        if (policy.Audit != policy.Enforce && policy.Audit != policy.Warn) Evaluate(pod, context, policy.Audit, "audit", Severity.Low, reported);
    }

    private HashSet<string> Evaluate(PodSubject pod, RuleContext context, LevelVersion lv, string mode, Severity severity, HashSet<string> alreadyReported)
    {
        if (lv.Level is not { } level) return alreadyReported;
        var controls = _controls.GetOrAdd(lv, key => PodSecurityControls.For(level, key.Version));
        foreach (var control in controls)
        {
            if (control.Evaluate(pod) is not { } v) continue;
            // A control already failed at a stricter mode is not repeated for the looser one.
            if (!alreadyReported.Add(control.ControlId + "@" + v.Path) && mode != "enforce") continue;
            context.As(control, severity).Report(v.Position, v.Path, v.Message, v.Container, control.ControlId, $"{mode} {lv}");
        }
        return alreadyReported;
    }
}
