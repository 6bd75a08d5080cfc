using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// A pod on the host network shares the node's interfaces, ports and UTS namespace: it can sniff
/// and spoof node traffic and reach services bound to the node's loopback.
/// </summary>
internal sealed class HostNetwork : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-network",
        Title = "Pod uses the host network namespace",
        Severity = Severity.High,
        Rationale = "With hostNetwork the pod uses the node's network namespace: it sees every interface of the " +
                    "node, can bind any node port, reach services listening only on the node's loopback (kubelet, " +
                    "etcd, metadata proxies) and sniff or spoof traffic of other pods, bypassing NetworkPolicies. " +
                    "Kubernetes also gives a host-network pod the host's UTS namespace, so it can change the node's hostname.",
        Remediation = "Remove spec.hostNetwork (or set it to false) and expose the workload through a Service.",
        RemediationYaml = """
            spec:
              hostNetwork: false
            """,
        Fields =
        [
            new("spec.hostNetwork", "false, undefined/null"),
        ],
        References =
        [
            new("PSS", "baseline: Host Namespaces", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "hostNetwork"),
            new("CIS", "5.2.5 Minimize the admission of containers wishing to share the host network namespace"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        var hostNetwork = pod.Spec.HostNetwork;
        if (hostNetwork.Is(true))
        {
            context.Report(hostNetwork, "pod shares the node's network and UTS namespaces (spec.hostNetwork=true)");
        }
    }
}
