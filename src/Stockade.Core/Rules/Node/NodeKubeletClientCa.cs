using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>The kubelet's client CA file is writable or readable by others, or not owned by root (CIS Kubernetes Benchmark v1.10 4.1.7, 4.1.8).</summary>
internal sealed class NodeKubeletClientCa : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-kubelet-client-ca",
        Title = "The kubelet's client CA file is writable or readable by others, or not owned by root",
        Severity = Severity.High,
        Category = "node",
        Rationale = "The kubelet trusts every client certificate signed by this CA; whoever replaces the file can sign a certificate of their own and call the kubelet API (exec, logs) of every pod on the node.",
        Remediation = "chmod 600 and chown root:root the kubelet's client CA file (--client-ca-file or authentication.x509.clientCAFile; kubeadm: /etc/kubernetes/pki/ca.crt).",
        RemediationYaml = """
            # chmod 600 /etc/kubernetes/pki/ca.crt
            # chown root:root /etc/kubernetes/pki/ca.crt
            """,
        Fields =
        [
            new("kubelet --client-ca-file, else authentication.x509.clientCAFile, else /etc/kubernetes/pki/ca.crt", "mode 0600 or more restrictive, owner root:root"),
        ],
        References =
        [
            new("CIS", "4.1.7 certificate authorities file permissions 600"),
            new("CIS", "4.1.8 client certificate authorities file ownership root:root"),
            new("Trivy", "KCV-0075"),
            new("Trivy", "KCV-0076"),
            new("Kubescape", "C-0168"),
            new("Kubescape", "C-0169"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "kubelet client CA file";

    protected override IEnumerable<string> Paths(NodeView node) => node.KubeletClientCaPaths();

    protected override int MaxMode(NodeFile file) => 0b110_000_000;
}
