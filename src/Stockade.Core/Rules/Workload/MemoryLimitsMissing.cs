using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container or init container that declares no memory limit (the check is <see cref="MissingResource"/>).</summary>
public sealed class MemoryLimitsMissing : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "memory-limits-missing",
        Title = "Memory limit missing",
        Severity = Severity.Medium,
        Rationale = "A container without a memory limit may take all the node's memory: a leak or a hostile process makes " +
                    "the kernel OOM-kill other workloads and can destabilise the node's own daemons." + MissingResource.LimitRangeNote,
        Remediation = "Set resources.limits.memory on every container and init container.",
        RemediationYaml = """
            resources:
              limits:
                memory: 256Mi
            """,
        Fields =
        [
            new("spec.containers[*].resources.limits.memory, spec.initContainers[*].resources.limits.memory", "any value; unset is reported (noted as defaulted at admission when a scanned LimitRange of the namespace sets a default limit; not for static pods)"),
        ],
        References =
        [
            new("NSA", "Kubernetes Hardening Guide: Resource policies (requests and limits)"),
            new("Kubernetes docs", "Resource Management for Pods and Containers", "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"),
            MissingResource.LimitRangerSource,
        ],
    };

    public override Finding? Settle(Finding draft, BundleDependency dependency, BundleFacts? bundle) =>
        MissingResource.Settle(draft, dependency, bundle);

    public override BundleDependency ReadDependency(BinaryReader reader) => MissingResource.ReadDependency(reader);

    public override void Check(PodSubject pod, RuleContext context) =>
        MissingResource.Check(pod, context, "memory", ResourceList.Limits);
}
