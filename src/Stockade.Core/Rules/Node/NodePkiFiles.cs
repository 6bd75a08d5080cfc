using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>PKI keys or certificates are open to others, or PKI files not owned by root (CIS Kubernetes Benchmark v1.10 1.1.19, 1.1.20, 1.1.21).</summary>
internal sealed class NodePkiFiles : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-pki-files",
        Title = "PKI keys or certificates are open to others, or PKI files not owned by root",
        Severity = Severity.Critical,
        Category = "node",
        Rationale = "/etc/kubernetes/pki holds the cluster CA's key, the service-account signing key, etcd's keys and the front-proxy CA: whoever reads the CA key issues themselves any identity, whoever reads sa.key mints tokens for any ServiceAccount. A certificate that others can replace makes a component trust a foreign CA.",
        Remediation = "chmod 600 the *.key and *.crt files under /etc/kubernetes/pki; chown -R root:root /etc/kubernetes/pki.",
        RemediationYaml = """
            # chmod 600 /etc/kubernetes/pki/*.key /etc/kubernetes/pki/etcd/*.key /etc/kubernetes/pki/*.crt /etc/kubernetes/pki/etcd/*.crt
            # chown -R root:root /etc/kubernetes/pki
            """,
        Fields =
        [
            new("/etc/kubernetes/pki/**/*.key", "mode 0600 or more restrictive, owner root:root"),
            new("/etc/kubernetes/pki/**/*.crt", "mode 0600 or more restrictive, owner root:root"),
            new("/etc/kubernetes/pki and every file and directory under it", "owner root:root"),
        ],
        References =
        [
            new("CIS", "1.1.19 PKI directory and file ownership root:root"),
            new("CIS", "1.1.20 PKI certificate file permissions 600 or more restrictive"),
            new("CIS", "1.1.21 PKI key file permissions 600"),
            new("Trivy", "KCV-0066"),
            new("Trivy", "KCV-0067"),
            new("Trivy", "KCV-0068"),
            new("Kubescape", "C-0110"),
            new("Kubescape", "C-0111"),
            new("Kubescape", "C-0112"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "PKI file";

    protected override IEnumerable<string> Paths(NodeView node) => new[] { "/etc/kubernetes/pki" }.Concat(node.FilesUnder("/etc/kubernetes/pki", withDirectories: true));

    // Keys and certificates 0600, as CIS v1.10 1.1.20/1.1.21, kube-bench, Trivy and Kubescape ask
    // (kubeadm writes certificates 0644, so a default kubeadm node is reported: a lenient check here
    // would pass a node the benchmark fails); other files (serial numbers, .pub keys) 0644;
    // directories 0755, as kubeadm writes them (CIS sets no mode for them, only their owner).
    protected override int MaxMode(NodeFile file) =>
        file.IsDirectory ? 0b111_101_101
        : file.Path.EndsWith(".key", StringComparison.Ordinal) || file.Path.EndsWith(".crt", StringComparison.Ordinal) ? 0b110_000_000
        : 0b110_100_100;
}
