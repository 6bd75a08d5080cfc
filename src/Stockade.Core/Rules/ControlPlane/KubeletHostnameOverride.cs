using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Kubelet registers under a name other than its host's.</summary>
internal sealed class KubeletHostnameOverride : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-hostname-override",
        Title = "Kubelet overrides its hostname",
        Severity = Severity.Low,
        Category = "kubelet",
        Rationale = "--hostname-override makes the kubelet register its Node under a name of the flag's choosing instead of the " +
                    "host's. The name is what the API server dials and verifies the kubelet's serving certificate against, and " +
                    "what the Node authorizer and NodeRestriction tie to the kubelet's credential (system:node:NAME): a name " +
                    "that does not match breaks TLS verification of the kubelet and makes it easy to run a kubelet as another " +
                    "node. The flag has no KubeletConfiguration field, so it is read where the kubelet's command line is: a " +
                    "running kubelet (stockade node, /proc/PID/cmdline) or a container that runs one. Some cloud providers set " +
                    "it on purpose (the node name must be the instance's); exempt the finding there with that reason.",
        Remediation = "Remove --hostname-override from the kubelet's command line (kubeadm: KUBELET_KUBEADM_ARGS in /var/lib/kubelet/kubeadm-flags.env, or the systemd drop-in) and restart the kubelet.",
        RemediationYaml = """
            # /var/lib/kubelet/kubeadm-flags.env
            KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock"
            """,
        Fields =
        [
            new("kubelet --hostname-override", "undefined"),
        ],
        References =
        [
            new("CIS", "4.2.8 Ensure that the --hostname-override argument is not set"),
            new("Trivy", "KCV-0086"),
            new("Kubescape", "C-0179"),
            new("Checkov", "CKV_K8S_146"),
            new("Kubernetes docs", "kubelet: --hostname-override", "https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.Kubelet];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Get("hostname-override") is { } name)
        {
            flags.Report(context, "hostname-override", $"kubelet: --hostname-override={name.Value} registers the node under a name that is not its host's");
        }
    }
}
