using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>Namespace has no ResourceQuota.</summary>
internal sealed class NamespaceResourceQuota : NamespaceObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "namespace-resourcequota",
        Title = "Namespace has no ResourceQuota",
        Severity = Severity.Low,
        Category = "namespace",
        EnabledByDefault = false, // judged over a whole namespace: on in audits, noise for one chart in CI
        Rationale = "Without a ResourceQuota, one namespace's workloads (or a compromised one, or a runaway controller) can take the cluster's CPU, memory, pods and storage, starving every other namespace.",
        Remediation = "Add a ResourceQuota that bounds the namespace's requests, limits and object counts.",
        RemediationYaml = """
            apiVersion: v1
            kind: ResourceQuota
            metadata:
              name: compute
              namespace: shop
            spec:
              hard:
                requests.cpu: "8"
                requests.memory: 16Gi
                limits.memory: 32Gi
                pods: "100"
            """,
        Fields =
        [
            new("ResourceQuota objects among the scanned objects (any content), per Namespace object or namespace of scanned workloads", "at least one in each namespace"),
        ],
        References =
        [
            new("Kubernetes docs", "Resource quotas", "https://kubernetes.io/docs/concepts/policy/resource-quotas/"),
            new("NSA", "Kubernetes Hardening Guide: resource policies"),
        ],
    };

    protected override string Kind => "ResourceQuota";
}
