using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>The etcd data directory is open to others, or not owned by etcd (CIS Kubernetes Benchmark v1.10 1.1.11, 1.1.12).</summary>
internal sealed class NodeEtcdDataDirectory : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-etcd-data-directory",
        Title = "The etcd data directory is open to others, or not owned by etcd",
        Severity = Severity.High,
        Category = "node",
        Rationale = "The etcd data directory holds every object of the cluster, Secrets included (in plain text unless encryption at rest is configured); read access to it is read access to every credential in the cluster.",
        Remediation = "chmod 700 the directory given to etcd as --data-dir (kubeadm: /var/lib/etcd) and chown etcd:etcd it.",
        RemediationYaml = """
            # chmod 700 /var/lib/etcd
            # chown etcd:etcd /var/lib/etcd
            """,
        Fields =
        [
            new("etcd --data-dir (default /var/lib/etcd)", "mode 0700 or more restrictive, owner etcd:etcd"),
        ],
        References =
        [
            new("CIS", "1.1.11 etcd data directory permissions 700"),
            new("CIS", "1.1.12 etcd data directory ownership etcd:etcd"),
            new("Trivy", "KCV-0058"),
            new("Trivy", "KCV-0059"),
            new("Kubescape", "C-0102"),
            new("Kubescape", "C-0103"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "etcd data directory";

    protected override string User => "etcd";
    protected override string Group => "etcd";

    protected override IEnumerable<string> Paths(NodeView node) => node.FlagOrDefault("etcd", "data-dir", "/var/lib/etcd");

    protected override int MaxMode(NodeFile file) => 0b111_000_000;
}
