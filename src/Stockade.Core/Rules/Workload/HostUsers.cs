using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A Linux pod that does not run in its own user namespace (<c>hostUsers: false</c>).</summary>
internal sealed class HostUsers : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-users",
        Title = "Pod does not use a user namespace",
        Severity = Severity.Low,
        EnabledByDefault = false, // needs Linux 6.3+, a runtime with idmap mounts and the UserNamespacesSupport feature (beta, on by default since 1.33)
        Rationale = "With hostUsers: false the pod's UIDs and GIDs are mapped to an unprivileged range of the node: root in " +
                    "the container is not root on the node, so a container escape (a runtime or kernel flaw, a writable host " +
                    "path) lands as a user that owns nothing, and capabilities apply only inside the pod's namespaces. " +
                    "Off by default: it needs node support (a Linux kernel with idmap mounts, containerd 2 or CRI-O 1.25+, " +
                    "the UserNamespacesSupport feature, beta and on by default since Kubernetes 1.33) and cannot be combined " +
                    "with hostNetwork, hostPID or hostIPC. Pods that use those, and Windows pods, are not reported (the " +
                    "host-namespace rules report them). kubesec rewards it.",
        Remediation = "Set spec.hostUsers: false where the nodes support user namespaces.",
        RemediationYaml = """
            spec:
              hostUsers: false
            """,
        Fields =
        [
            new("spec.hostUsers", "false; undefined and true share the node's user namespace"),
            new("spec.hostNetwork, spec.hostPID, spec.hostIPC, spec.os.name", "pods with a host namespace or os.name windows are not read"),
        ],
        References =
        [
            new("kubesec", "HostUsers"),
            new("Kubernetes docs", "User Namespaces", "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var spec = pod.Spec;
        if (spec.HostUsers.Is(false) || spec.IsWindows) return;
        // The API server refuses hostUsers: false with a host namespace; those pods are the host-* rules' findings.
        if (spec.HostNetwork.Is(true) || spec.HostPID.Is(true) || spec.HostIPC.Is(true)) return;
        if (spec.HostUsers.IsSet) context.Report(spec.HostUsers, "pod shares the node's user namespace (spec.hostUsers: true)");
        else context.Report(spec.Position, FieldPaths.Join(spec.Path, "hostUsers"), "pod shares the node's user namespace (spec.hostUsers is not false)");
    }
}
