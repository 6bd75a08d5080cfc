using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// The runtime masks and makes read-only parts of /proc (kcore, keys, sysrq-trigger, /proc/sys...);
/// procMount: Unmasked removes that protection.
/// </summary>
internal sealed class UnmaskedProcMount : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "unmasked-procmount",
        Title = "Container uses an unmasked /proc",
        Severity = Severity.High,
        Rationale = "By default (procMount: Default) the runtime hides /proc/kcore, /proc/keys, /proc/timer_list and " +
                    "others and mounts /proc/sys, /proc/sysrq-trigger and /proc/irq read-only. Any other procMount " +
                    "(Unmasked) exposes kernel memory and tunables to the container. Pod Security baseline tolerates " +
                    "Unmasked in a user namespace (hostUsers: false); this hardened rule does not.",
        Remediation = "Remove securityContext.procMount or set it to Default.",
        RemediationYaml = """
            securityContext:
              procMount: Default
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.procMount, spec.initContainers[*].securityContext.procMount, spec.ephemeralContainers[*].securityContext.procMount", "undefined/null, \"Default\""),
        ],
        References =
        [
            new("PSS", "baseline: /proc Mount Type", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "allowedProcMountTypes"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var container in pod.Spec.AllContainers)
        {
            var procMount = pod.Effective(container).ProcMount;
            if (procMount.IsSet && procMount.Value != "Default")
            {
                context.Report(procMount, $"container \"{container.DisplayName}\" uses procMount \"{procMount.Value}\" instead of Default", container);
            }
        }
    }
}
