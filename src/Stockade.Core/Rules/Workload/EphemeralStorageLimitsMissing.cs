using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>A container or init container that declares no ephemeral-storage limit (the check is <see cref="MissingResource"/>).</summary>
internal sealed class EphemeralStorageLimitsMissing : PodRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "ephemeral-storage-limits-missing",
        Title = "Ephemeral storage limit missing",
        Severity = Severity.Low,
        EnabledByDefault = false, // kube-score counts it; the other peers and most charts do not set it
        Rationale = "Writable layers, logs and emptyDir volumes share the node's disk: a container without an " +
                    "ephemeral-storage limit can fill it, and the kubelet then evicts other pods under disk pressure. With a " +
                    "limit the kubelet evicts only the pod that exceeds it (and the limit sets the request when none is given). " +
                    "Off by default: only kube-score counts it." + MissingResource.LimitRangeNote,
        Remediation = "Set resources.limits.ephemeral-storage on every container and init container.",
        RemediationYaml = """
            resources:
              limits:
                ephemeral-storage: 1Gi
            """,
        Fields =
        [
            new("spec.containers[*].resources.limits.ephemeral-storage, spec.initContainers[*].resources.limits.ephemeral-storage", "any value; unset is reported (noted as defaulted at admission when a scanned LimitRange of the namespace sets a default limit)"),
        ],
        References =
        [
            new("kube-score", "container-ephemeral-storage-request-and-limit"),
            new("Kubernetes docs", "Local ephemeral storage", "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage"),
            MissingResource.LimitRangerSource,
        ],
    };

    public override Finding? Settle(Finding draft, BundleDependency dependency, BundleFacts? bundle) =>
        MissingResource.Settle(draft, dependency, bundle);

    public override BundleDependency ReadDependency(BinaryReader reader) => MissingResource.ReadDependency(reader);

    public override void Check(PodSubject pod, RuleContext context) =>
        MissingResource.Check(pod, context, "ephemeral-storage", ResourceList.Limits);
}
