using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>Workload's egress to the API server is not blocked.</summary>
internal sealed class WorkloadApiServerEgress : InventoryRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "workload-apiserver-egress",
        Title = "Workload's egress to the API server is not blocked",
        Severity = Severity.Low,
        Category = "namespace",
        EnabledByDefault = false, // judged over a whole namespace: on in audits, noise for one chart in CI
        Rationale = "A pod that no egress NetworkPolicy selects can open connections to the API server; with a mounted token or a stolen one, and with any exploitable API server or kubelet flaw, that is the path from one pod to the control plane. Most workloads never call the Kubernetes API. " +
                    "A hostNetwork pod is reported even when a policy selects it: " + JudgedNamespaces.HostNetworkReason + ". " +
                    "Static pods (files of a kubelet's manifests folder, or their mirror pods in a dump) are not reported: the control-plane ones must reach the API server, and their flags are what matters (the control-plane rules).",
        Remediation = "Select the workload with an egress NetworkPolicy (a namespace default-deny egress policy does it) and allow the API server only to the workloads that call it.",
        RemediationYaml = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-egress
              namespace: shop
            spec:
              podSelector: {}
              policyTypes: ["Egress"]
              egress:
                - to:
                    - namespaceSelector: {}
                      podSelector:
                        matchLabels: {k8s-app: kube-dns}
                  ports:
                    - {protocol: UDP, port: 53}
            """,
        Fields =
        [
            new("NetworkPolicy spec.podSelector, spec.policyTypes, spec.egress (of the workload's namespace, among the scanned objects)", "at least one egress policy selecting the workload's pod labels, none of them allowing egress to every address"),
            new("the pod template's spec.hostNetwork", "false, undefined: a NetworkPolicy does not apply to host-network pods"),
            new("static pods", "not read"),
        ],
        References =
        [
            new("CIS", "5.3.2 Ensure that all Namespaces have NetworkPolicies defined"),
            new("Kubernetes docs", "Network policies", "https://kubernetes.io/docs/concepts/services-networking/network-policies/"),
            JudgedNamespaces.HostNetworkSource,
        ],
    };

    public override void Check(Inventory inventory, InventoryContext context)
    {
        foreach (var ns in JudgedNamespaces.Of(inventory))
        {
            var egress = ns.With<NetworkPolicySummary>().Where(p => p.Summary.AffectsEgress).ToList();
            foreach (var (workload, summary) in JudgedNamespaces.Workloads(ns).Where(w => !w.Summary.Static))
            {
                var selecting = egress.Where(p => p.Summary.PodSelector.Matches(summary.PodLabels)).ToList();
                if (summary.HostNetwork)
                {
                    var selected = selecting.Count == 0 ? "" : $" (NetworkPolicy \"{selecting[0].Entry.Name}\" selects them, which does not stop them)";
                    context.Report(workload, $"{workload.Kind} \"{workload.Name}\": its pods use the host network, so they can reach the API server{selected}: {JudgedNamespaces.HostNetworkReason}");
                }
                else if (selecting.Count == 0)
                {
                    context.Report(workload, $"{workload.Kind} \"{workload.Name}\": no egress NetworkPolicy in {ns.Display} selects its pods, so they can reach the API server");
                }
                else if (selecting.FirstOrDefault(p => p.Summary.EgressAllowsEverywhere) is { Entry: { } open })
                {
                    context.Report(workload, $"{workload.Kind} \"{workload.Name}\": NetworkPolicy \"{open.Name}\" allows its pods egress to every address, the API server included");
                }
            }
        }
    }
}
