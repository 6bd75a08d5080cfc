using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A container that may run as UID 0: runAsUser is 0, or nothing (runAsNonRoot=true or a
/// runAsUser above 0) stops the image's USER, which is often root, from being used.
/// </summary>
internal sealed class RunAsRoot : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "run-as-root",
        Title = "Container may run as root",
        Severity = Severity.High,
        Rationale = "Root in a container is root on the node's kernel: a container escape, a writable host mount " +
                    "or a kernel bug turns it into root on the node. Without runAsNonRoot=true or a non-zero " +
                    "runAsUser, the container runs as the image's USER, which for most images is root.",
        Remediation = "Set runAsNonRoot: true and a runAsUser above 0 (above 1000 is recommended) in the pod's " +
                      "securityContext, and never runAsUser: 0.",
        RemediationYaml = """
            securityContext:
              runAsNonRoot: true
              runAsUser: 10001
            """,
        Fields =
        [
            new("spec.securityContext.runAsNonRoot, spec.containers[*].securityContext.runAsNonRoot, spec.initContainers[*].securityContext.runAsNonRoot, spec.ephemeralContainers[*].securityContext.runAsNonRoot (the container's field, else the pod's)", "true, or any value with a runAsUser above 0"),
            new("spec.securityContext.runAsUser, spec.containers[*].securityContext.runAsUser, spec.initContainers[*].securityContext.runAsUser, spec.ephemeralContainers[*].securityContext.runAsUser (the container's field, else the pod's)", "above 0; 0 is always reported; undefined needs runAsNonRoot: true"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "restricted: Running as Non-root", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSS", "restricted: Running as Non-root user", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSP", "runAsUser (MustRunAsNonRoot)"),
            new("CIS", "5.2.7 Minimize the admission of root containers"),
            new("NSA", "Kubernetes Hardening Guide: Use containers built to run applications as non-root users"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // runAsUser and runAsNonRoot are Linux settings; Windows uses windowsOptions.runAsUserName.
        if (pod.Spec.IsWindows) return;
        foreach (var container in pod.Spec.AllContainers)
        {
            var effective = pod.Effective(container);
            var runAsUser = effective.RunAsUser;
            var runAsNonRoot = effective.RunAsNonRoot;
            if (runAsUser.Is(0))
            {
                // Explicit UID 0 wins over runAsNonRoot: the kubelet refuses to start it, or it runs as root.
                context.Report(runAsUser, $"container \"{container.DisplayName}\" runs as root (runAsUser=0)", container);
            }
            else if (runAsNonRoot.IsSet && !runAsNonRoot.Value && !(runAsUser.IsSet && runAsUser.Value > 0))
            {
                context.Report(runAsNonRoot, $"container \"{container.DisplayName}\" may run as root (runAsNonRoot=false and no runAsUser above 0)", container);
            }
            else if (!runAsNonRoot.Is(true) && !(runAsUser.IsSet && runAsUser.Value > 0))
            {
                context.Report(effective.AbsentPosition, FieldPaths.Join(effective.ContainerSecurityContextPath, "runAsNonRoot"),
                    $"container \"{container.DisplayName}\" may run as root: neither runAsNonRoot=true nor a runAsUser above 0 is set, so the image's USER is used",
                    container);
            }
        }
    }
}
