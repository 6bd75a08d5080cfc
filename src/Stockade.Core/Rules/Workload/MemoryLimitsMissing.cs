using Stockade.Engine;

namespace Stockade.Rules.Workload;

/// <summary>A container or init container that declares no memory limit (the check is <see cref="MissingResource"/>).</summary>
internal sealed class MemoryLimitsMissing() : MissingResourceRule("memory", ResourceList.Limits)
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
        References = MissingResource.References,
    };
}
