using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet does not limit processes per pod.</summary>
internal sealed class KubeletPodPidsLimit : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-pod-pids-limit",
        Title = "Kubelet does not limit processes per pod",
        Severity = Severity.Low,
        Category = "kubelet",
        Rationale = "podPidsLimit defaults to -1 (unlimited): one pod's fork bomb, or a leak of threads, exhausts the node's PIDs and stops every other pod and the kubelet itself from starting processes.",
        Remediation = "Set podPidsLimit to a bound that fits the workloads (a few thousand).",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            podPidsLimit: 4096
            """,
        Fields =
        [
            new("KubeletConfiguration podPidsLimit", "a positive integer (default -1)"),
        ],
        References =
        [
            new("CIS", "4.2.13 Ensure that a limit is set on pod PIDs"),
            new("Kubernetes docs", "Process ID limits and reservations", "https://kubernetes.io/docs/concepts/policy/pid-limiting/"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var limit = config.Int("podPidsLimit");
        if (!limit.IsSet) Report(context, config, limit, "podPidsLimit", "kubelet: podPidsLimit is not set (default -1): a pod can start processes until the node runs out");
        else if (limit.Value <= 0) context.Report(limit, $"kubelet: podPidsLimit is {limit.Value}: processes per pod are not limited");
    }
}
