using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Controller manager keeps up to 12,500 terminated pods.</summary>
internal sealed class ControllerManagerTerminatedPodGc : ControllerManagerRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "controller-manager-terminated-pod-gc",
        Title = "Controller manager keeps up to 12,500 terminated pods",
        Severity = Severity.Low,
        Category = "control-plane",
        Rationale = "Terminated pods stay in etcd until the pod garbage collector removes them, and it starts only past --terminated-pod-gc-threshold (12,500 by default). Until then every finished Job pod keeps its spec, status and events in the API server, slowing lists and watches; a workload that creates short-lived pods in a loop can fill etcd well before that. A threshold sized for the cluster keeps the store small.",
        Remediation = "Set --terminated-pod-gc-threshold to a value sized for the cluster (for example 10 per node), above 0: 0 switches the collector off.",
        RemediationYaml = CommandYaml("kube-controller-manager", "- --terminated-pod-gc-threshold=1000"),
        Fields =
        [
            new("kube-controller-manager --terminated-pod-gc-threshold", "set, above 0 (default 12500; 0 turns the collector off)"),
        ],
        References =
        [
            new("CIS", "1.3.1 Ensure that the --terminated-pod-gc-threshold argument is set as appropriate"),
            new("Trivy", "KCV-0033"),
            new("Kubescape", "C-0144"),
            new("Checkov", "CKV_K8S_106"),
        ],
    };

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Get("terminated-pod-gc-threshold") is not { } threshold)
        {
            flags.Report(context, "terminated-pod-gc-threshold", "kube-controller-manager: --terminated-pod-gc-threshold is not set (default 12500 terminated pods kept)");
        }
        else if (!int.TryParse(threshold.Value, out var n) || n <= 0)
        {
            flags.Report(context, "terminated-pod-gc-threshold", $"kube-controller-manager: --terminated-pod-gc-threshold={threshold.Value} keeps every terminated pod");
        }
    }
}
