using Stockade.Engine;

namespace Stockade.Rules.Workload;

/// <summary>A container or init container that declares no CPU request (the check is <see cref="MissingResource"/>).</summary>
internal sealed class CpuRequestsMissing() : MissingResourceRule("cpu", ResourceList.Requests)
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "cpu-requests-missing",
        Title = "CPU request missing",
        Severity = Severity.Low,
        Rationale = "Without a CPU request the scheduler places the pod as if it needed no CPU, packing nodes until " +
                    "containers starve each other; a pod with no requests at all is BestEffort, first to be evicted. Requests " +
                    "also make resource quotas enforceable." + MissingResource.LimitRangeNote,
        Remediation = "Set resources.requests.cpu (or a CPU limit, which the API server copies into the request) on every " +
                      "container and init container.",
        RemediationYaml = """
            resources:
              requests:
                cpu: 100m
            """,
        Fields =
        [
            new("spec.containers[*].resources.requests.cpu, spec.containers[*].resources.limits.cpu, and the same fields of spec.initContainers[*]", "either set (the API server defaults a missing request to the limit); both unset is reported (noted as defaulted at admission when a scanned LimitRange of the namespace sets a default request; not for static pods)"),
        ],
        References = MissingResource.References,
    };
}
