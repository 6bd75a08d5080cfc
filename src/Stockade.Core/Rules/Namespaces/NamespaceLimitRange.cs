using Stockade.Engine;

namespace Stockade.Rules.Namespaces;

/// <summary>Namespace has no LimitRange.</summary>
internal sealed class NamespaceLimitRange : NamespaceObjectRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "namespace-limitrange",
        Title = "Namespace has no LimitRange",
        Severity = Severity.Low,
        Category = "namespace",
        EnabledByDefault = false, // judged over a whole namespace: on in audits, noise for one chart in CI
        Rationale = "A LimitRange gives containers that declare no requests or limits sane defaults and caps what one container may ask for; without it, such containers run unbounded (BestEffort) and a ResourceQuota on limits rejects them outright.",
        Remediation = "Add a LimitRange with default requests and limits for containers.",
        RemediationYaml = """
            apiVersion: v1
            kind: LimitRange
            metadata:
              name: container-defaults
              namespace: shop
            spec:
              limits:
                - type: Container
                  defaultRequest: {cpu: 100m, memory: 128Mi}
                  default: {memory: 256Mi}
                  max: {memory: 2Gi}
            """,
        Fields =
        [
            new("LimitRange objects among the scanned objects (any content), per Namespace object or namespace of scanned workloads", "at least one in each namespace"),
        ],
        References =
        [
            new("Kubernetes docs", "Limit ranges", "https://kubernetes.io/docs/concepts/policy/limit-range/"),
            new("NSA", "Kubernetes Hardening Guide: resource policies"),
        ],
    };

    protected override string Kind => "LimitRange";
}
