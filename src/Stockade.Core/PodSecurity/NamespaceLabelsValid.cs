using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.PodSecurity;

/// <summary>
/// Pod Security labels with a value Pod Security Admission cannot use. The API server rejects
/// such a Namespace; an existing one is treated as restricted (enforce) or privileged (warn, audit).
/// </summary>
internal sealed class NamespaceLabelsValid : ObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "pss-namespace-labels",
        Title = "Invalid Pod Security namespace label",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "A pod-security.kubernetes.io label whose value is not a level (privileged, baseline, restricted) or " +
                    "a version (latest, v1.N) is refused by the API server; where it exists, the enforce level " +
                    "silently becomes restricted and warn/audit become privileged, which is rarely what was meant.",
        Remediation = "Use a level of privileged, baseline or restricted and a version of latest or v1.N.",
        RemediationYaml = """
            metadata:
              labels:
                pod-security.kubernetes.io/enforce: baseline
                pod-security.kubernetes.io/enforce-version: v1.30
            """,
        References = [new("Kubernetes docs", "Pod Security Admission labels", "https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces")],
        EnabledByDefault = false,
    };

    public override bool AppliesTo(KubeObject obj) => obj is { Kind: "Namespace", ApiVersion: "v1" };

    public override void Check(KubeObject obj, RuleContext context)
    {
        var (_, errors) = NamespacePolicy.FromLabels(obj.Labels, NamespacePolicy.Defaults(LevelVersion.Privileged));
        foreach (var e in errors)
        {
            var label = obj.Labels[e.Label];
            context.Report(label, $"label {e.Label}=\"{e.Value}\" is invalid: {e.Message}");
        }
    }
}
