using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>CNI configuration files are writable or readable by others, or not owned by root (CIS Kubernetes Benchmark v1.10 1.1.9, 1.1.10).</summary>
internal sealed class NodeCniFiles : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-cni-files",
        Title = "CNI configuration files are writable or readable by others, or not owned by root",
        Severity = Severity.Medium,
        Category = "node",
        Rationale = "The CNI configuration decides which plugin binary the container runtime executes as root for every pod and how pods are networked; a writable file is code execution on the node and a way around NetworkPolicy.",
        Remediation = "chmod 600 and chown root:root the files in /etc/cni/net.d and /var/lib/cni/networks.",
        RemediationYaml = """
            # chmod 600 /etc/cni/net.d/*
            # chown root:root /etc/cni/net.d/*
            """,
        Fields =
        [
            new("/etc/cni/net.d/*, /var/lib/cni/networks/**", "mode 0600 or more restrictive, owner root:root"),
        ],
        References =
        [
            new("CIS", "1.1.9 Container Network Interface file permissions 600"),
            new("CIS", "1.1.10 Container Network Interface file ownership root:root"),
            new("Trivy", "KCV-0056"),
            new("Trivy", "KCV-0057"),
            new("Kubescape", "C-0100"),
            new("Kubescape", "C-0101"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "CNI file";

    protected override IEnumerable<string> Paths(NodeView node) => node.FilesUnder("/etc/cni/net.d").Concat(node.FilesUnder("/var/lib/cni/networks"));

    protected override int MaxMode(NodeFile file) => 0b110_000_000;
}
