using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server does not limit the rate of events.</summary>
internal sealed class ApiServerEventRateLimit : AdmissionPluginRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-event-rate-limit",
        Title = "API server does not limit the rate of events",
        Severity = Severity.Low,
        Category = "control-plane",
        Rationale = "Every kubelet, controller and workload with create on events can write them as fast as it likes; a flood of events fills etcd and slows the API server for everyone. The EventRateLimit admission plugin caps them per server, namespace, user or source object.",
        Remediation = "Add EventRateLimit to --enable-admission-plugins and give its limits in the file named by --admission-control-config-file.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --enable-admission-plugins=NodeRestriction,EventRateLimit",
            "- --admission-control-config-file=/etc/kubernetes/admission/admission-config.yaml"),
        Fields =
        [
            new("kube-apiserver --enable-admission-plugins, --disable-admission-plugins", "EventRateLimit enabled and not disabled (off by default)"),
            new("kube-apiserver --admission-control-config-file", "set when EventRateLimit is enabled (the plugin needs its limits)"),
        ],
        References =
        [
            new("CIS", "1.2.9 Ensure that the admission control plugin EventRateLimit is set"),
            new("Trivy", "KCV-0010"),
            new("Kubescape", "C-0121"),
            new("Checkov", "CKV_K8S_78"),
            new("Kubernetes docs", "EventRateLimit", "https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#eventratelimit"),
        ],
    };

    protected override string Plugin => "EventRateLimit";

    protected override bool NeedsConfiguration => true;

    protected override string Consequence => "events are not rate-limited";
}
