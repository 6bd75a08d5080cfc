using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet drops events above a rate.</summary>
internal sealed class KubeletEventRecordQps : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-event-record-qps",
        Title = "Kubelet drops events above a rate",
        Severity = Severity.Low,
        Category = "kubelet",
        // A trade-off the CIS benchmark leaves to the operator (Manual): 0 captures every event but lets a noisy pod flood the API server.
        EnabledByDefault = false,
        Rationale = "eventRecordQPS caps how many events per second the kubelet sends (default 50, with a burst of 100); events past it are dropped, and with them the record of what happened on the node during a burst of activity, an attack included. 0 removes the limit, at the price of letting a misbehaving pod flood the API server; the API server's EventRateLimit plugin is the place to cap that.",
        Remediation = "Set eventRecordQPS to 0, or to a rate above what the node produces at its busiest, and limit event floods at the API server with EventRateLimit.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            eventRecordQPS: 0
            """,
        Fields =
        [
            new("KubeletConfiguration eventRecordQPS", "0 (no limit); unset (default 50) and any other value are reported"),
        ],
        References =
        [
            new("CIS", "4.2.9 Ensure that the --event-qps argument is set to 0 or a level which ensures appropriate event capture"),
            new("Trivy", "KCV-0087"),
            new("Kubescape", "C-0180"),
            new("Checkov", "CKV_K8S_147"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var qps = config.Int("eventRecordQPS");
        if (qps.Is(0)) return;
        Report(context, config, qps, "eventRecordQPS", qps.IsSet
            ? $"kubelet: eventRecordQPS is {qps.Value}: events past {qps.Value} per second are dropped"
            : "kubelet: eventRecordQPS is not set (default 50): events past 50 per second are dropped");
    }
}
