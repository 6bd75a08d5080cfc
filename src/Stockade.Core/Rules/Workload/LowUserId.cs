using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A container running with a low non-zero UID (at or below <see cref="UserIdAbove"/>),
/// which may coincide with a privileged system user on the node. UID 0 is <see cref="RunAsRoot"/>'s finding.
/// </summary>
internal sealed class LowUserId : PodRule
{
    public static readonly RuleParameter<long> UserIdAbove = RuleParameters.NonNegativeInteger(
        "userIdAbove", 1000, "A non-zero UID at or below this is reported as low.");

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "low-user-id",
        Title = "Container runs with a low user id",
        Severity = Severity.Medium,
        Rationale = "Low UIDs belong to system accounts on the node (daemons, service users). A process that " +
                    "escapes the container keeps its UID, and with it whatever that host account may read or " +
                    "write. A UID above 1000 (configurable: settings.userIdAbove) is unlikely to match a host account.",
        Remediation = "Run as a UID above the threshold (default 1000), set in the pod's or the container's securityContext.",
        RemediationYaml = """
            securityContext:
              runAsNonRoot: true
              runAsUser: 10001
            """,
        Parameters = [UserIdAbove],
        Fields =
        [
            new("spec.securityContext.runAsUser, spec.containers[*].securityContext.runAsUser, spec.initContainers[*].securityContext.runAsUser, spec.ephemeralContainers[*].securityContext.runAsUser (the container's field, else the pod's)", "undefined, 0 (left to run-as-root), above settings.userIdAbove (default 1000)"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "restricted: Running as Non-root user", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSP", "runAsUser (MustRunAs ranges)"),
            new("CIS", "5.7.3 Apply Security Context to Your Pods and Containers"),
            new("NSA", "Kubernetes Hardening Guide: Non-root containers"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // runAsUser does not apply to Windows containers.
        if (pod.Spec.IsWindows) return;
        var threshold = context.Settings.Get(UserIdAbove);
        foreach (var container in pod.Spec.AllContainers)
        {
            var runAsUser = pod.Effective(container).RunAsUser;
            if (runAsUser.IsSet && runAsUser.Value > 0 && runAsUser.Value <= threshold)
            {
                context.Report(runAsUser, $"container \"{container.DisplayName}\" runs as UID {runAsUser.Value}, at or below {threshold} (runAsUser={runAsUser.Value})", container);
            }
        }
    }
}
