using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet does not manage its iptables chains.</summary>
internal sealed class KubeletMakeIptablesUtilChains : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-make-iptables-util-chains",
        Title = "Kubelet does not manage its iptables chains",
        Severity = Severity.Low,
        Category = "kubelet",
        Rationale = "With makeIPTablesUtilChains the kubelet creates and keeps the KUBE-FIREWALL and related chains that drop martian packets to localhost services (route_localnet) and mark traffic for the proxy. Switched off, nothing restores those rules when another program flushes them, and node-local services may become reachable from the network.",
        Remediation = "Leave makeIPTablesUtilChains unset or true.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            makeIPTablesUtilChains: true
            """,
        Fields =
        [
            new("KubeletConfiguration makeIPTablesUtilChains", "true or unset (default true)"),
        ],
        References =
        [
            new("CIS", "4.2.7 Ensure that the --make-iptables-util-chains argument is set to true"),
            new("Trivy", "KCV-0084"),
            new("Kubescape", "C-0178"),
            new("Checkov", "CKV_K8S_145"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var chains = config.Bool("makeIPTablesUtilChains");
        if (chains.Is(false)) context.Report(chains, "kubelet: makeIPTablesUtilChains is false: the kubelet does not keep its iptables chains");
    }
}
