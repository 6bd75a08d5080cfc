using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// NET_RAW is in every runtime's default set and lets a process forge packets: ARP and DNS
/// spoofing of its neighbours on the node's bridge.
/// </summary>
internal sealed class NetRawNotDropped : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "net-raw-not-dropped",
        Title = "Container keeps the NET_RAW capability",
        Severity = Severity.Medium,
        Rationale = "Docker and containerd grant NET_RAW by default. It allows raw and packet sockets, with which a " +
                    "compromised container can spoof ARP, DNS and other traffic of pods on the same node, and it has " +
                    "been the entry point of several kernel exploits. Dropping ALL or NET_RAW removes it; adding NET_RAW " +
                    "back after dropping ALL restores it. Windows pods are not checked.",
        Remediation = "Drop ALL (or at least NET_RAW) and do not add NET_RAW back. ping works without it on kernels " +
                      "that allow unprivileged ICMP sockets (net.ipv4.ping_group_range).",
        RemediationYaml = """
            securityContext:
              capabilities:
                drop: ["ALL"]
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.capabilities.drop, spec.initContainers[*].securityContext.capabilities.drop, spec.ephemeralContainers[*].securityContext.capabilities.drop", "must include \"NET_RAW\", or \"ALL\" with NET_RAW not in capabilities.add (any case; not CAP_NET_RAW or with spaces, which containerd does not drop)"),
            new("spec.containers[*].securityContext.capabilities.add, spec.initContainers[*].securityContext.capabilities.add, spec.ephemeralContainers[*].securityContext.capabilities.add", "no NET_RAW (any case, with or without CAP_) unless capabilities.drop names NET_RAW"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "restricted: Capabilities", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSP", "requiredDropCapabilities"),
            new("CIS", "5.2.8 Minimize the admission of containers with the NET_RAW capability"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        if (pod.Spec.IsWindows) return;

        foreach (var container in pod.Spec.AllContainers)
        {
            var effective = pod.Effective(container);
            var capabilities = effective.Capabilities;
            var drop = capabilities?.Drop ?? [];

            // Runtimes apply "ALL" first and single names after, adds before drops: drop ALL then
            // add NET_RAW grants it, an explicit drop of NET_RAW always removes it, and drop ALL
            // beats add ALL.
            if (Capabilities.Drops(drop, "NET_RAW")) continue;

            var reAdded = (capabilities?.Add ?? []).FirstOrDefault(c => Capabilities.Normalize(c.Value) == "NET_RAW");
            if (reAdded.IsSet)
            {
                context.Report(reAdded, $"container \"{container.DisplayName}\" adds NET_RAW (capabilities.add \"{reAdded.Value}\")", container);
            }
            else if (!Capabilities.Drops(drop, "ALL"))
            {
                var position = capabilities?.Position ?? effective.AbsentPosition;
                var path = FieldPaths.Join(capabilities?.Path ?? FieldPaths.Join(effective.ContainerSecurityContextPath, "capabilities"), "drop");
                context.Report(position, path, $"container \"{container.DisplayName}\" keeps NET_RAW: capabilities.drop contains neither ALL nor NET_RAW{Capabilities.DropHint(drop, "NET_RAW", "ALL")}", container);
            }
        }
    }
}
