using Stockade.Engine;

namespace Stockade.Rules.Workload;

/// <summary>A container or init container that declares no CPU limit (the check is <see cref="MissingResource"/>).</summary>
internal sealed class CpuLimitsMissing() : MissingResourceRule("cpu", ResourceList.Limits)
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "cpu-limits-missing",
        Title = "CPU limit missing",
        Severity = Severity.Low,
        Rationale = "A container without a CPU limit may use every core of the node: a busy loop, a crypto-miner or a " +
                    "denial-of-service attack starves every other workload on it." + MissingResource.LimitRangeNote,
        Remediation = "Set resources.limits.cpu on every container and init container.",
        RemediationYaml = """
            resources:
              limits:
                cpu: 500m
            """,
        Fields =
        [
            new("spec.containers[*].resources.limits.cpu, spec.initContainers[*].resources.limits.cpu", "any value; unset is reported (noted as defaulted at admission when a scanned LimitRange of the namespace sets a default limit; not for static pods)"),
        ],
        References = MissingResource.References,
    };
}
