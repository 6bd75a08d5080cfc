using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>Namespace has no default-deny ingress NetworkPolicy.</summary>
internal sealed class NamespaceDefaultDenyIngress : DefaultDenyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "namespace-default-deny-ingress",
        Title = "Namespace has no default-deny ingress NetworkPolicy",
        Severity = Severity.Medium,
        Category = "namespace",
        EnabledByDefault = false, // judged over a whole namespace: on in audits, noise for one chart in CI
        Rationale = "Without a NetworkPolicy that selects every pod for Ingress and allows nothing, every pod of the namespace accepts connections from every pod of the cluster: one compromised pod anywhere can reach databases, admin ports and metrics endpoints here. A namespace's default-deny does not protect its hostNetwork pods: each is reported at the workload, since " + JudgedNamespaces.HostNetworkReason + ".",
        Remediation = "Add a default-deny ingress policy (empty podSelector, policyTypes [Ingress], no ingress rules), then allow the flows each workload needs.",
        RemediationYaml = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-ingress
              namespace: shop
            spec:
              podSelector: {}
              policyTypes: ["Ingress"]
            """,
        Fields =
        [
            new("NetworkPolicy spec.podSelector, spec.policyTypes, spec.ingress (of the namespace's NetworkPolicies among the scanned objects)", "at least one with podSelector {}, Ingress among its policy types and no ingress rules"),
            new("the pod template's spec.hostNetwork (of workloads in a namespace with that policy)", "false, undefined: a NetworkPolicy does not apply to host-network pods"),
            new("Namespace objects and the namespaces of scanned workloads", "each namespace judged needs that policy"),
        ],
        References =
        [
            new("CIS", "5.3.2 Ensure that all Namespaces have NetworkPolicies defined"),
            JudgedNamespaces.HostNetworkSource,
            new("Kubernetes docs", "Network policies: default deny all ingress traffic", "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic"),
        ],
    };

    protected override bool Egress => false;
}
