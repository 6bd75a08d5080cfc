using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>Kubeconfig files with cluster credentials are readable by others, or not owned by root (CIS Kubernetes Benchmark v1.10 1.1.13, 1.1.14, 1.1.15, 1.1.16, 1.1.17, 1.1.18, 4.1.3, 4.1.4, 4.1.5, 4.1.6).</summary>
internal sealed class NodeKubeconfigFiles : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-kubeconfig-files",
        Title = "Kubeconfig files with cluster credentials are readable by others, or not owned by root",
        Severity = Severity.Critical,
        Category = "node",
        Rationale = "admin.conf and super-admin.conf hold cluster-admin (super-admin.conf: system:masters, which no RBAC change can revoke) credentials; scheduler.conf, controller-manager.conf, kubelet.conf and kube-proxy's kubeconfig hold the credentials of those components. Any local user who reads one acts as that identity against the API server.",
        Remediation = "chmod 600 and chown root:root admin.conf, super-admin.conf, scheduler.conf, controller-manager.conf and kubelet.conf in /etc/kubernetes, and the file given to kube-proxy as --kubeconfig.",
        RemediationYaml = """
            # chmod 600 /etc/kubernetes/admin.conf /etc/kubernetes/kubelet.conf
            # chown root:root /etc/kubernetes/admin.conf /etc/kubernetes/kubelet.conf
            """,
        Fields =
        [
            new("/etc/kubernetes/{admin,super-admin,scheduler,controller-manager,kubelet}.conf, the kubelet's and kube-proxy's --kubeconfig", "mode 0600 or more restrictive, owner root:root"),
        ],
        References =
        [
            new("CIS", "1.1.13 default administrative credential file permissions 600"),
            new("CIS", "1.1.14 default administrative credential file ownership root:root"),
            new("CIS", "1.1.15 scheduler.conf permissions 600"),
            new("CIS", "1.1.16 scheduler.conf ownership root:root"),
            new("CIS", "1.1.17 controller-manager.conf permissions 600"),
            new("CIS", "1.1.18 controller-manager.conf ownership root:root"),
            new("CIS", "4.1.3 proxy kubeconfig file permissions 600"),
            new("CIS", "4.1.4 proxy kubeconfig file ownership root:root"),
            new("CIS", "4.1.5 kubelet.conf permissions 600"),
            new("CIS", "4.1.6 kubelet.conf ownership root:root"),
            new("Trivy", "KCV-0060"),
            new("Trivy", "KCV-0061"),
            new("Trivy", "KCV-0062"),
            new("Trivy", "KCV-0063"),
            new("Trivy", "KCV-0064"),
            new("Trivy", "KCV-0065"),
            new("Trivy", "KCV-0071"),
            new("Trivy", "KCV-0072"),
            new("Trivy", "KCV-0073"),
            new("Trivy", "KCV-0074"),
            new("Kubescape", "C-0104"),
            new("Kubescape", "C-0105"),
            new("Kubescape", "C-0106"),
            new("Kubescape", "C-0107"),
            new("Kubescape", "C-0108"),
            new("Kubescape", "C-0109"),
            new("Kubescape", "C-0164"),
            new("Kubescape", "C-0165"),
            new("Kubescape", "C-0166"),
            new("Kubescape", "C-0167"),
            new("Kubescape", "C-0238"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "kubeconfig file";

    protected override IEnumerable<string> Paths(NodeView node) => new[] { "/etc/kubernetes/admin.conf", "/etc/kubernetes/super-admin.conf", "/etc/kubernetes/scheduler.conf", "/etc/kubernetes/controller-manager.conf", "/etc/kubernetes/kubelet.conf" }
            .Concat(node.FlagOrDefault("kubelet", "kubeconfig", null)).Concat(node.FlagOrDefault("kube-proxy", "kubeconfig", null));

    protected override int MaxMode(NodeFile file) => 0b110_000_000;
}
