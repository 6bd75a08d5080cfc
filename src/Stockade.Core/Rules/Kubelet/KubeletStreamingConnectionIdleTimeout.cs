using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet keeps idle exec, attach and port-forward streams open forever.</summary>
internal sealed class KubeletStreamingConnectionIdleTimeout : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-streaming-connection-idle-timeout",
        Title = "Kubelet keeps idle exec and port-forward streams open forever",
        Severity = Severity.Low,
        Category = "kubelet",
        Rationale = "streamingConnectionIdleTimeout closes exec, attach and port-forward connections that carry no data for that long (default 4h). At 0 an abandoned kubectl exec session or tunnel stays open, and usable by whoever holds its end, until the kubelet restarts; idle connections also pile up until the node runs out of them.",
        Remediation = "Leave streamingConnectionIdleTimeout unset (4h) or set a shorter duration such as 5m; never 0.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            streamingConnectionIdleTimeout: 5m
            """,
        Fields =
        [
            new("KubeletConfiguration streamingConnectionIdleTimeout", "unset (4h) or a duration above 0"),
        ],
        References =
        [
            new("CIS", "4.2.5 Verify that the --streaming-connection-idle-timeout argument is not set to 0"),
            new("Trivy", "KCV-0085"),
            new("Kubescape", "C-0176"),
            new("Checkov", "CKV_K8S_143"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var timeout = config.String("streamingConnectionIdleTimeout");
        if (timeout.IsSet && IsZero(timeout.Value))
        {
            context.Report(timeout, $"kubelet: streamingConnectionIdleTimeout is {timeout.Value}: idle exec, attach and port-forward streams never time out");
        }
    }

    /// <summary>A Go duration of zero length: "0", "0s", "0m0s", "0h0m0.000s"…</summary>
    internal static bool IsZero(string duration)
    {
        var text = duration.Trim().TrimStart('+', '-');
        return text.Contains('0') && text.All(c => c is '0' or '.' or 'h' or 'm' or 's' or 'u' or 'µ' or 'n');
    }
}
