using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>etcd's certificates come from the cluster's own CA.</summary>
internal sealed class EtcdCaShared : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "etcd-ca-shared",
        Title = "etcd uses the cluster's certificate authority",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "etcd accepts every client whose certificate its trusted CA signed. When that CA is the cluster's own — the " +
                    "one that signs kubelet, controller and user client certificates — every holder of such a certificate " +
                    "can read and write etcd directly, every Secret included, past RBAC and the audit log. etcd needs a CA of " +
                    "its own (kubeadm writes /etc/kubernetes/pki/etcd/ca.crt). Judged from the API server's flags: the CA it " +
                    "verifies etcd with (--etcd-cafile) is the file it verifies its own clients with (--client-ca-file); a " +
                    "different file with the same certificate, or etcd's --trusted-ca-file read in another pod, is not compared.",
        Remediation = "Issue etcd's server, peer and client certificates from a CA used for etcd only, and point --etcd-cafile (API server) and --trusted-ca-file, --peer-trusted-ca-file (etcd) at it.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --client-ca-file=/etc/kubernetes/pki/ca.crt",
            "- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt"),
        Fields =
        [
            new("kube-apiserver --etcd-cafile, --client-ca-file", "not the same path (either undefined: left to apiserver-etcd-tls and apiserver-tls)"),
        ],
        References =
        [
            new("CIS", "2.7 Ensure that a unique Certificate Authority is used for etcd"),
            new("Kubescape", "C-0159"),
            new("Kubernetes docs", "PKI certificates and requirements", "https://kubernetes.io/docs/setup/best-practices/certificates/"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Get("etcd-cafile") is { } etcd && flags.Get("client-ca-file") is { } cluster && Normal(etcd.Value) == Normal(cluster.Value))
        {
            flags.Report(context, "etcd-cafile", $"kube-apiserver: --etcd-cafile={etcd.Value} is its --client-ca-file: etcd's certificates come from the cluster CA");
        }
    }

    private static string Normal(string path) => path.Replace("//", "/", StringComparison.Ordinal).TrimEnd('/');
}
