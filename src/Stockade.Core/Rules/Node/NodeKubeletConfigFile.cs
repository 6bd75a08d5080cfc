using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>The kubelet's configuration file is writable or readable by others, or not owned by root (CIS Kubernetes Benchmark v1.10 4.1.9, 4.1.10).</summary>
internal sealed class NodeKubeletConfigFile : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-kubelet-config-file",
        Title = "The kubelet's configuration file is writable or readable by others, or not owned by root",
        Severity = Severity.High,
        Category = "node",
        Rationale = "The KubeletConfiguration sets the kubelet's authentication, authorization, read-only port and static pod path: whoever writes it opens the kubelet API or runs static pods at the next restart.",
        Remediation = "chmod 600 and chown root:root the file the kubelet reads as --config (kubeadm: /var/lib/kubelet/config.yaml).",
        RemediationYaml = """
            # chmod 600 /var/lib/kubelet/config.yaml
            # chown root:root /var/lib/kubelet/config.yaml
            """,
        Fields =
        [
            new("kubelet --config (default /var/lib/kubelet/config.yaml)", "mode 0600 or more restrictive, owner root:root"),
        ],
        References =
        [
            new("CIS", "4.1.9 kubelet config.yaml permissions 600"),
            new("CIS", "4.1.10 kubelet config.yaml ownership root:root"),
            new("Trivy", "KCV-0077"),
            new("Trivy", "KCV-0078"),
            new("Kubescape", "C-0170"),
            new("Kubescape", "C-0171"),
            new("Kubescape", "C-0235"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "kubelet configuration file";

    protected override IEnumerable<string> Paths(NodeView node) => node.KubeletConfigPaths;

    protected override int MaxMode(NodeFile file) => 0b110_000_000;
}
