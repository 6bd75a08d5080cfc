using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>Namespace has no default-deny egress NetworkPolicy.</summary>
internal sealed class NamespaceDefaultDenyEgress : DefaultDenyRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "namespace-default-deny-egress",
        Title = "Namespace has no default-deny egress NetworkPolicy",
        Severity = Severity.Medium,
        Category = "namespace",
        EnabledByDefault = false, // judged over a whole namespace: on in audits, noise for one chart in CI
        Rationale = "Without a NetworkPolicy that selects every pod for Egress and allows nothing, a compromised pod can reach the API server, the cloud metadata endpoint, other namespaces and the internet, to move laterally or exfiltrate data. A namespace's default-deny does not protect its hostNetwork pods: each is reported at the workload, since " + JudgedNamespaces.HostNetworkReason + ".",
        Remediation = "Add a default-deny egress policy (empty podSelector, policyTypes [Egress], no egress rules) and allow DNS and the destinations each workload needs.",
        RemediationYaml = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-egress
              namespace: shop
            spec:
              podSelector: {}
              policyTypes: ["Egress"]
            """,
        Fields =
        [
            new("NetworkPolicy spec.podSelector, spec.policyTypes, spec.egress (of the namespace's NetworkPolicies among the scanned objects)", "at least one with podSelector {}, Egress among its policy types and no egress rules"),
            new("the pod template's spec.hostNetwork (of workloads in a namespace with that policy)", "false, undefined: a NetworkPolicy does not apply to host-network pods"),
            new("Namespace objects and the namespaces of scanned workloads", "each namespace judged needs that policy"),
        ],
        References =
        [
            new("CIS", "5.3.2 Ensure that all Namespaces have NetworkPolicies defined"),
            JudgedNamespaces.HostNetworkSource,
            new("Kubernetes docs", "Network policies: default deny all egress traffic", "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic"),
        ],
    };

    protected override bool Egress => true;
}
