using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>Workload's egress to the API server is not blocked.</summary>
public sealed class WorkloadApiServerEgress : InventoryRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "workload-apiserver-egress",
        Title = "Workload's egress to the API server is not blocked",
        Severity = Severity.Low,
        Category = "namespace",
        EnabledByDefault = false, // judged over a whole namespace: on in audits, noise for one chart in CI
        Rationale = "A pod that no egress NetworkPolicy selects can open connections to the API server; with a mounted token or a stolen one, and with any exploitable API server or kubelet flaw, that is the path from one pod to the control plane. Most workloads never call the Kubernetes API.",
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
        References =
        [
            new("CIS", "5.3.2 Ensure that all Namespaces have NetworkPolicies defined"),
            new("Kubernetes docs", "Network policies", "https://kubernetes.io/docs/concepts/services-networking/network-policies/"),
        ],
    };

    public override void Check(Inventory inventory, InventoryContext context)
    {
        foreach (var ns in JudgedNamespaces.Of(inventory))
        {
            var egress = ns.With<NetworkPolicySummary>().Where(p => p.Summary.AffectsEgress).ToList();
            foreach (var (workload, summary) in ns.With<WorkloadSummary>())
            {
                // In a dump, a Deployment's ReplicaSet and Pods carry the same labels: report the workload at the top.
                if (summary.ControllerKind != null && ns.Members.Any(m => m.Kind == summary.ControllerKind && m.Name == summary.ControllerName)) continue;
                var selecting = egress.Where(p => p.Summary.PodSelector.Matches(summary.PodLabels)).ToList();
                if (selecting.Count == 0)
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
