using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet read-only port is open.</summary>
internal sealed class KubeletReadOnlyPort : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-read-only-port",
        Title = "Kubelet read-only port is open",
        Severity = Severity.Medium,
        Category = "kubelet",
        Rationale = "readOnlyPort serves pod specs, node and container metrics without authentication or authorization on plain HTTP (usually 10255): anyone who reaches the node learns every pod, its image, its environment variables and its volumes.",
        Remediation = "Set readOnlyPort: 0 (the configuration file's default; the --read-only-port flag defaults to 10255) and read metrics from the authenticated port.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            readOnlyPort: 0
            """,
        Fields =
        [
            new("KubeletConfiguration readOnlyPort", "0 or unset"),
        ],
        References =
        [
            new("CIS", "4.2.4 Verify that the --read-only-port argument is set to 0"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var port = config.Int("readOnlyPort");
        if (port.IsSet && port.Value != 0) context.Report(port, $"kubelet: readOnlyPort is {port.Value}: pod specs and metrics are served without authentication");
    }
}
