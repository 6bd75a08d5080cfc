using Stockade.Engine;
using Stockade.Node;

namespace Stockade.Rules.Node;

/// <summary>The kubelet's systemd unit or drop-in is writable or readable by others, or not owned by root (CIS Kubernetes Benchmark v1.10 4.1.1, 4.1.2).</summary>
internal sealed class NodeKubeletServiceFile : NodeFileRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "node-kubelet-service-file",
        Title = "The kubelet's systemd unit or drop-in is writable or readable by others, or not owned by root",
        Severity = Severity.High,
        Category = "node",
        Rationale = "The kubelet's unit and its drop-ins (kubeadm's 10-kubeadm.conf) give the kubelet its command line: whoever writes them sets --anonymous-auth, --authorization-mode or a different binary, run as root at the next restart.",
        Remediation = "chmod 600 and chown root:root kubelet.service and the files in kubelet.service.d.",
        RemediationYaml = """
            # chmod 600 /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
            # chown root:root /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
            """,
        Fields =
        [
            new("kubelet.service and kubelet.service.d/* in /etc/systemd/system, /usr/lib/systemd/system, /lib/systemd/system", "mode 0600 or more restrictive, owner root:root"),
        ],
        References =
        [
            new("CIS", "4.1.1 kubelet service file permissions 600"),
            new("CIS", "4.1.2 kubelet service file ownership root:root"),
            new("Trivy", "KCV-0069"),
            new("Trivy", "KCV-0070"),
            new("Kubescape", "C-0162"),
            new("Kubescape", "C-0163"),
            new("CIS Kubernetes Benchmark", "v1.10.0: the version these checks follow", "https://www.cisecurity.org/benchmark/kubernetes"),
        ],
    };

    protected override string What => "kubelet service file";

    protected override IEnumerable<string> Paths(NodeView node) => new[] { "/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system" }
            .SelectMany(dir => new[] { dir + "/kubelet.service" }.Concat(node.FilesUnder(dir + "/kubelet.service.d")));

    protected override int MaxMode(NodeFile file) => 0b110_000_000;
}
