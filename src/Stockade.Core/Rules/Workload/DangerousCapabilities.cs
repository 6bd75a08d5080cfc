using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Some capabilities are each close to root on the node: SYS_ADMIN, SYS_MODULE, SYS_PTRACE,
/// NET_ADMIN, DAC_READ_SEARCH and the like. Adding one defeats the container boundary.
/// </summary>
internal sealed class DangerousCapabilities : PodRule
{
    public static readonly RuleParameter<IReadOnlySet<string>> Names = RuleParameters.CapabilitySet(
        "dangerousCapabilities",
        [
            "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",
            "DAC_READ_SEARCH", "DAC_OVERRIDE", "BPF", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",
            "LINUX_IMMUTABLE", "AUDIT_CONTROL", "SYS_RESOURCE", "CHECKPOINT_RESTORE", "SETFCAP", "SETPCAP", "NET_RAW",
        ],
        "Capabilities whose addition is reported as dangerous; the list replaces the default. Compared upper case, without CAP_.");

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "dangerous-capabilities",
        Title = "Container adds a dangerous capability",
        Severity = Severity.High,
        Rationale = "Capabilities such as SYS_ADMIN (mount, namespaces, BPF), SYS_MODULE (load kernel modules), " +
                    "SYS_PTRACE (trace other processes), NET_ADMIN (reconfigure networking), DAC_READ_SEARCH " +
                    "(read any file by handle, the 'shocker' escape) and ALL give a compromised process a direct " +
                    "path out of the container. Names are compared as the runtime does: sys_admin, SYS_ADMIN and " +
                    "CAP_SYS_ADMIN are the same capability. The list is configurable (dangerousCapabilities).",
        Remediation = "Remove the capability from capabilities.add. If the workload truly needs it, run it in a " +
                      "dedicated namespace with an exemption that says why.",
        RemediationYaml = """
            securityContext:
              capabilities:
                drop: ["ALL"]
            """,
        Parameters = [Names],
        Fields =
        [
            new("spec.containers[*].securityContext.capabilities.add, spec.initContainers[*].securityContext.capabilities.add, spec.ephemeralContainers[*].securityContext.capabilities.add", "undefined / empty; names not in settings.dangerousCapabilities (default ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, SYS_BOOT, SYS_TIME, DAC_READ_SEARCH, DAC_OVERRIDE, BPF, PERFMON, MAC_ADMIN, MAC_OVERRIDE, SYSLOG, LINUX_IMMUTABLE, AUDIT_CONTROL, SYS_RESOURCE, CHECKPOINT_RESTORE, SETFCAP, SETPCAP, NET_RAW). Compared upper case, without CAP_"),
        ],
        References =
        [
            new("PSS", "baseline: Capabilities", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "allowedCapabilities"),
            new("CIS", "5.2.9 Minimize the admission of containers with added capabilities"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var dangerous = context.Settings.Get(Names);
        foreach (var container in pod.Spec.AllContainers)
        {
            foreach (var added in pod.Effective(container).Capabilities?.Add ?? [])
            {
                var name = Capabilities.Normalize(added.Value);
                if (dangerous.Contains(name))
                {
                    context.Report(added, $"container \"{container.DisplayName}\" adds dangerous capability {name} (capabilities.add \"{added.Value}\")", container);
                }
            }
        }
    }
}
