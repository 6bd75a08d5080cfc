using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A pod that mounts a service-account token: automountServiceAccountToken is not false on the
/// pod spec. Unset defers to the ServiceAccount's setting, which itself defaults to true.
/// </summary>
public sealed class ServiceAccountTokenAutomount : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "service-account-token-automount",
        Title = "Service account token mounted",
        Severity = Severity.Medium,
        Rationale = "Every container of the pod gets a token for the Kubernetes API at " +
                    "/var/run/secrets/kubernetes.io/serviceaccount. Most applications never call the API; for them " +
                    "the token only helps an intruder, who can use whatever RBAC grants the service account.",
        Remediation = "Set automountServiceAccountToken: false in the pod spec unless the workload calls the " +
                      "Kubernetes API; then give it its own service account with the least RBAC it needs.",
        RemediationYaml = """
            spec:
              automountServiceAccountToken: false
            """,
        References =
        [
            new("CIS", "5.1.6 Ensure that Service Account Tokens are only mounted where necessary"),
            new("NSA", "Kubernetes Hardening Guide: Disable automatic mounting of service account tokens"),
            new("Kubernetes docs", "Opt out of API credential automounting", "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var automount = pod.Spec.AutomountServiceAccountToken;
        if (automount.Is(true))
        {
            context.Report(automount, "pod mounts a service account token (automountServiceAccountToken=true)");
        }
        else if (!automount.IsSet)
        {
            context.Report(pod.Spec.Position, FieldPaths.Join(pod.Spec.Path, "automountServiceAccountToken"),
                "pod mounts a service account token unless its ServiceAccount disables it (automountServiceAccountToken is not set; the ServiceAccount's default is true)");
        }
    }
}
