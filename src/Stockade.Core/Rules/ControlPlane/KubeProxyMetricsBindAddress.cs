using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>kube-proxy serves its metrics on an address other than loopback.</summary>
internal sealed class KubeProxyMetricsBindAddress : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kube-proxy-metrics-bind-address",
        Title = "kube-proxy serves metrics beyond the node",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "kube-proxy serves /metrics (and, on the same port, /configz with its whole configuration) without " +
                    "authentication on --metrics-bind-address, 127.0.0.1:10249 by default. Bound to 0.0.0.0 or a node address, " +
                    "every pod and every network that reaches the node can read the proxy's configuration and the cluster's " +
                    "Services and endpoints from it. Read from the kube-proxy command line (its DaemonSet's container, or " +
                    "the running process with stockade node); a metricsBindAddress in a KubeProxyConfiguration file is not read.",
        Remediation = "Leave --metrics-bind-address unset or set it to 127.0.0.1:10249; scrape the metrics through a local agent or an authenticating proxy.",
        RemediationYaml = """
            spec:
              containers:
                - name: kube-proxy
                  command:
                    - /usr/local/bin/kube-proxy
                    - --metrics-bind-address=127.0.0.1:10249
            """,
        Fields =
        [
            new("kube-proxy --metrics-bind-address", "undefined (127.0.0.1:10249), or a loopback address (127.0.0.0/8, ::1, localhost) with or without a port"),
        ],
        References =
        [
            new("Kubescape", "C-0291"),
            new("Kubernetes docs", "kube-proxy: --metrics-bind-address", "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.KubeProxy];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Get("metrics-bind-address") is { } address && !IsLoopback(address.Value))
        {
            flags.Report(context, "metrics-bind-address", $"kube-proxy: --metrics-bind-address={address.Value} serves /metrics and /configz without authentication beyond the node's loopback");
        }
    }

    /// <summary>host, host:port or [v6]:port, where host is 127.x.y.z, ::1 or localhost.</summary>
    internal static bool IsLoopback(string value)
    {
        var host = value.StartsWith('[') && value.IndexOf(']') is > 0 and var close ? value[1..close]
            : value.Count(c => c == ':') == 1 ? value[..value.IndexOf(':')] : value;
        return host is "::1" or "localhost" || host.StartsWith("127.", StringComparison.Ordinal);
    }
}
