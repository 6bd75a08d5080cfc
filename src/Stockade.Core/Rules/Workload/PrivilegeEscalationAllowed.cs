using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Without <c>allowPrivilegeEscalation: false</c> the kernel's <c>no_new_privs</c> flag is not set,
/// so a setuid binary or file capability in the image lifts a process above what it started with.
/// </summary>
internal sealed class PrivilegeEscalationAllowed : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "privilege-escalation-allowed",
        Title = "Container allows privilege escalation",
        Severity = Severity.High,
        Rationale = "allowPrivilegeEscalation defaults to true: unless it is set to false the container runs " +
                    "without no_new_privs, and a setuid-root binary (sudo, su, a planted one) or a file " +
                    "capability gives a process more privileges than its parent. Setting it to false has no " +
                    "effect on a privileged container or one that adds CAP_SYS_ADMIN: the runtime lets those " +
                    "escalate regardless.",
        Remediation = "Set securityContext.allowPrivilegeEscalation to false on every container, and do not run it " +
                      "privileged or with CAP_SYS_ADMIN.",
        RemediationYaml = """
            securityContext:
              allowPrivilegeEscalation: false
              privileged: false
              capabilities:
                drop: ["ALL"]
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.allowPrivilegeEscalation, spec.initContainers[*].securityContext.allowPrivilegeEscalation, spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation", "false; undefined (defaults to true) and true are reported"),
            new("spec.containers[*].securityContext.privileged, spec.initContainers[*].securityContext.privileged, spec.ephemeralContainers[*].securityContext.privileged, spec.containers[*].securityContext.capabilities.add, spec.initContainers[*].securityContext.capabilities.add, spec.ephemeralContainers[*].securityContext.capabilities.add", "not true / no SYS_ADMIN: either makes allowPrivilegeEscalation: false ineffective"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "restricted: Privilege Escalation", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSP", "allowPrivilegeEscalation"),
            new("CIS", "5.2.6 Minimize the admission of containers with allowPrivilegeEscalation"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        // The field is Linux-only (the API server rejects it on Windows pods), as in PSS.
        if (pod.Spec.IsWindows) return;

        foreach (var container in pod.Spec.AllContainers)
        {
            var effective = pod.Effective(container);
            var allowed = effective.AllowPrivilegeEscalation;
            var forcedBy = ForcedBy(effective);

            if (allowed.Is(false))
            {
                if (forcedBy != null)
                {
                    context.Report(allowed, $"container \"{container.DisplayName}\" sets allowPrivilegeEscalation=false, " +
                                            $"but it is effectively true because the container {forcedBy}", container);
                }
            }
            else if (allowed.IsSet)
            {
                context.Report(allowed, $"container \"{container.DisplayName}\" allows privilege escalation (securityContext.allowPrivilegeEscalation={allowed.Value.ToString().ToLowerInvariant()})", container);
            }
            else
            {
                var because = forcedBy == null ? "" : $"; it would be effectively true anyway because the container {forcedBy}";
                context.Report(effective.AbsentPosition, FieldPaths.Join(effective.ContainerSecurityContextPath, "allowPrivilegeEscalation"),
                    $"container \"{container.DisplayName}\" does not set allowPrivilegeEscalation=false (unset defaults to true{because})", container);
            }
        }
    }

    /// <summary>Why the runtime lets the container escalate whatever the field says, or null.</summary>
    private static string? ForcedBy(EffectiveSecurityContext effective)
    {
        if (effective.Privileged.Is(true)) return "is privileged";
        var sysAdmin = effective.Capabilities?.Add.FirstOrDefault(c => Capabilities.Normalize(c.Value) == "SYS_ADMIN");
        return sysAdmin is { IsSet: true } cap ? $"adds CAP_SYS_ADMIN (capabilities.add \"{cap.Value}\")" : null;
    }
}
