using Stockade.Engine;

namespace Stockade.Rules.Workload;

/// <summary>A container or init container that declares no memory request (the check is <see cref="MissingResource"/>).</summary>
internal sealed class MemoryRequestsMissing() : MissingResourceRule("memory", ResourceList.Requests)
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "memory-requests-missing",
        Title = "Memory request missing",
        Severity = Severity.Medium,
        Rationale = "Without a memory request the scheduler places the pod as if it needed no memory; under memory " +
                    "pressure the node evicts BestEffort pods first and the kernel OOM-kills them. Requests also make " +
                    "resource quotas enforceable." + MissingResource.LimitRangeNote,
        Remediation = "Set resources.requests.memory (or a memory limit, which the API server copies into the request) on " +
                      "every container and init container.",
        RemediationYaml = """
            resources:
              requests:
                memory: 128Mi
            """,
        Fields =
        [
            new("spec.containers[*].resources.requests.memory, spec.containers[*].resources.limits.memory, and the same fields of spec.initContainers[*]", "either set (the API server defaults a missing request to the limit); both unset is reported (noted as defaulted at admission when a scanned LimitRange of the namespace sets a default request; not for static pods)"),
        ],
        References = MissingResource.References,
    };
}
