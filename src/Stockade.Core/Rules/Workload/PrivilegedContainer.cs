using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A privileged container has every capability, every device and no seccomp/AppArmor confinement:
/// root in it is root on the node.
/// </summary>
internal sealed class PrivilegedContainer : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "privileged-container",
        Title = "Container runs privileged",
        Severity = Severity.Critical,
        Rationale = "A privileged container gets all Linux capabilities, access to every host device and no " +
                    "seccomp or AppArmor confinement. A process in it can load kernel modules, mount the host " +
                    "filesystem and take over the node.",
        Remediation = "Remove securityContext.privileged (or set it to false) and grant only the specific " +
                      "capabilities the workload needs.",
        RemediationYaml = """
            securityContext:
              privileged: false
              allowPrivilegeEscalation: false
              capabilities:
                drop: ["ALL"]
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.privileged, spec.initContainers[*].securityContext.privileged, spec.ephemeralContainers[*].securityContext.privileged", "false, undefined/null"),
        ],
        References =
        [
            new("PSS", "baseline: Privileged Containers", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "privileged"),
            new("CIS", "5.2.2 Minimize the admission of privileged containers"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            var privileged = pod.Effective(container).Privileged;
            if (privileged.Is(true))
            {
                context.Report(privileged, $"container \"{container.DisplayName}\" runs privileged (securityContext.privileged=true)", container);
            }
        }
    }
}
