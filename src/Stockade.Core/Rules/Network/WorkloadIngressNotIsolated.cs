using Stockade.Engine;
using Stockade.Rules.Namespaces;

namespace Stockade.Rules.Network;

/// <summary>A workload whose pods no ingress NetworkPolicy selects: every pod of the cluster can connect to them.</summary>
internal sealed class WorkloadIngressNotIsolated : InventoryRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "workload-ingress-not-isolated",
        Title = "Workload accepts traffic from every pod",
        Severity = Severity.Medium,
        Category = "network",
        EnabledByDefault = false, // judged from the NetworkPolicies scanned with the workload: on in the cluster profile, noise for one chart
        Rationale = "A pod is isolated for ingress only when a NetworkPolicy of its namespace that affects ingress selects it; " +
                    "until then any pod of the cluster (a compromised one included) can connect to every port it listens on, " +
                    "which is how one foothold reaches databases, admin ports and metrics endpoints. This is judged per " +
                    "workload, from the NetworkPolicies among the scanned objects: a namespace default-deny (namespace-default-deny-ingress) " +
                    "isolates every workload of it. A hostNetwork pod is reported even when a policy selects it: " +
                    JudgedNamespaces.HostNetworkReason + ". Static pods are not read. " +
                    "Off by default (cluster profile): kube-score counts it by default, kube-linter and Polaris have it off.",
        Remediation = "Select the workload with an ingress NetworkPolicy that admits only its clients (a namespace default-deny ingress policy plus one allow policy per workload).",
        RemediationYaml = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: api-ingress
              namespace: shop
            spec:
              podSelector:
                matchLabels: {app: api}
              policyTypes: ["Ingress"]
              ingress:
                - from:
                    - podSelector:
                        matchLabels: {app: web}
                  ports:
                    - {protocol: TCP, port: 8080}
            """,
        Fields =
        [
            new("NetworkPolicy spec.podSelector, spec.policyTypes, spec.ingress (of the workload's namespace, among the scanned objects)", "at least one policy affecting ingress selects the workload's pod labels"),
            new("the pod template's spec.hostNetwork", "false, undefined: a NetworkPolicy does not apply to host-network pods"),
            new("static pods", "not read"),
        ],
        References =
        [
            new("kube-linter", "non-isolated-pod"),
            new("kube-score", "pod-networkpolicy"),
            new("Polaris", "missingNetworkPolicy"),
            new("Kubescape", "C-0260 Missing network policy"),
            new("Kubescape", "C-0030 Ingress and Egress blocked"),
            new("CIS", "5.3.2 Ensure that all Namespaces have NetworkPolicies defined"),
            new("Kubernetes docs", "Network policies: the two sorts of pod isolation", "https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation"),
            JudgedNamespaces.HostNetworkSource,
        ],
    };

    public override void Check(Inventory inventory, InventoryContext context)
    {
        foreach (var ns in JudgedNamespaces.Of(inventory))
        {
            var ingress = ns.With<NetworkPolicySummary>().Where(p => p.Summary.AffectsIngress).ToList();
            foreach (var (workload, summary) in JudgedNamespaces.Workloads(ns).Where(w => !w.Summary.Static))
            {
                if (summary.HostNetwork)
                {
                    context.Report(workload, $"{workload.Kind} \"{workload.Name}\": its pods use the host network, so no NetworkPolicy isolates them: {JudgedNamespaces.HostNetworkReason}");
                }
                else if (!ingress.Any(p => p.Summary.PodSelector.Matches(summary.PodLabels)))
                {
                    context.Report(workload, $"{workload.Kind} \"{workload.Name}\": no NetworkPolicy in {ns.Display} that affects ingress selects its pods, so every pod of the cluster can connect to them");
                }
            }
        }
    }
}
