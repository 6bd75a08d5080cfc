using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>Static pod manifests are writable or readable by others, or not owned by root (CIS Kubernetes Benchmark v1.10 1.1.1, 1.1.2, 1.1.3, 1.1.4, 1.1.5, 1.1.6, 1.1.7, 1.1.8).</summary>
internal sealed class NodeManifestFiles : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-manifest-files",
        Title = "Static pod manifests are writable or readable by others, or not owned by root",
        Severity = Severity.High,
        Category = "node",
        Rationale = "The kubelet runs whatever is in /etc/kubernetes/manifests as a pod, with no admission control: whoever can write a manifest runs a privileged pod on a control-plane node; the manifests also name the certificate and key paths and the flags of the API server, controller manager, scheduler and etcd.",
        Remediation = "chmod 600 and chown root:root every file in /etc/kubernetes/manifests (the kubelet's staticPodPath).",
        RemediationYaml = """
            # chmod 600 /etc/kubernetes/manifests/*
            # chown root:root /etc/kubernetes/manifests/*
            """,
        Fields =
        [
            new("/etc/kubernetes/manifests/* (the kubelet's staticPodPath)", "mode 0600 or more restrictive, owner root:root"),
        ],
        References =
        [
            new("CIS", "1.1.1 API server pod specification file permissions 600"),
            new("CIS", "1.1.2 API server pod specification file ownership root:root"),
            new("CIS", "1.1.3 controller manager pod specification file permissions 600"),
            new("CIS", "1.1.4 controller manager pod specification file ownership root:root"),
            new("CIS", "1.1.5 scheduler pod specification file permissions 600"),
            new("CIS", "1.1.6 scheduler pod specification file ownership root:root"),
            new("CIS", "1.1.7 etcd pod specification file permissions 600"),
            new("CIS", "1.1.8 etcd pod specification file ownership root:root"),
            new("Trivy", "KCV-0048"),
            new("Trivy", "KCV-0049"),
            new("Trivy", "KCV-0050"),
            new("Trivy", "KCV-0051"),
            new("Trivy", "KCV-0052"),
            new("Trivy", "KCV-0053"),
            new("Trivy", "KCV-0054"),
            new("Trivy", "KCV-0055"),
            new("Kubescape", "C-0092"),
            new("Kubescape", "C-0093"),
            new("Kubescape", "C-0094"),
            new("Kubescape", "C-0095"),
            new("Kubescape", "C-0096"),
            new("Kubescape", "C-0097"),
            new("Kubescape", "C-0098"),
            new("Kubescape", "C-0099"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "static pod manifest";

    protected override IEnumerable<string> Paths(NodeView node) => node.FilesUnder("/etc/kubernetes/manifests");

    protected override int MaxMode(NodeFile file) => 0b110_000_000;
}
