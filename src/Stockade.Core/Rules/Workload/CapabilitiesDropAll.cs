using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Container runtimes grant a default set of about fourteen capabilities (CHOWN, DAC_OVERRIDE,
/// FOWNER, SETUID, NET_RAW, ...); least privilege starts by dropping them all.
/// </summary>
internal sealed class CapabilitiesDropAll : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "capabilities-drop-all",
        Title = "Container does not drop all capabilities",
        Severity = Severity.Medium,
        Rationale = "Without capabilities.drop: [ALL] a container keeps the runtime's default capabilities, among " +
                    "them DAC_OVERRIDE (ignore file permissions), SETUID/SETGID, CHOWN, FOWNER and NET_RAW (forge " +
                    "packets). Most workloads need none of them, and each widens what a compromised process can " +
                    "do. Windows pods are not checked: capabilities are a Linux feature.",
        Remediation = "Drop ALL capabilities and add back only the ones the workload needs (usually none, at most " +
                      "NET_BIND_SERVICE).",
        RemediationYaml = """
            securityContext:
              capabilities:
                drop: ["ALL"]
                add: ["NET_BIND_SERVICE"]   # only if it binds a port below 1024
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.capabilities.drop, spec.initContainers[*].securityContext.capabilities.drop, spec.ephemeralContainers[*].securityContext.capabilities.drop", "must include \"ALL\" (any case; not with spaces, which containerd does not drop)"),
            new("spec.os.name", "windows: the rule does not apply to Windows pods"),
        ],
        References =
        [
            new("PSS", "restricted: Capabilities", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted"),
            new("PSP", "requiredDropCapabilities"),
            new("CIS", "5.2.10 Minimize the admission of containers with capabilities assigned"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        if (pod.Spec.IsWindows) return;

        foreach (var container in pod.Spec.AllContainers)
        {
            var effective = pod.Effective(container);
            var capabilities = effective.Capabilities;
            if (capabilities != null && Capabilities.Drops(capabilities.Drop, "ALL")) continue;

            var dropped = capabilities == null || capabilities.Drop.Count == 0
                ? "drops no capabilities"
                : $"drops only {string.Join(", ", capabilities.Drop.Select(c => c.Value))}";
            var position = capabilities?.Position ?? effective.AbsentPosition;
            var path = FieldPaths.Join(capabilities?.Path ?? FieldPaths.Join(effective.ContainerSecurityContextPath, "capabilities"), "drop");
            context.Report(position, path, $"container \"{container.DisplayName}\" {dropped}; capabilities.drop should contain ALL{Capabilities.DropHint(capabilities?.Drop ?? [], "ALL")}", container);
        }
    }
}
