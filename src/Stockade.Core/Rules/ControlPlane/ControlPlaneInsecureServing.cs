using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Control-plane component serves plain HTTP, or turns its TLS port off.</summary>
internal sealed class ControlPlaneInsecureServing : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "control-plane-insecure-serving",
        Title = "Control-plane component serves plain HTTP or turns its TLS port off",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "The API server's insecure port (--insecure-port, --insecure-bind-address) and the controller manager's and scheduler's --port served plain HTTP with no authentication or authorization: anyone who reached it was cluster-admin. The flags are gone from current releases, but a manifest that still sets them belongs to an old or hand-patched component. --secure-port=0 turns the authenticated HTTPS port off: the API server then serves nothing (or only the insecure port on old releases), and the controller manager and scheduler lose their authenticated health and metrics endpoints.",
        Remediation = "Remove --insecure-port, --insecure-bind-address and --port (or set the ports to 0 on releases that still have them), and keep --secure-port at its default or another non-zero port.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --secure-port=6443"),
        Fields =
        [
            new("kube-apiserver --insecure-port", "unset or 0"),
            new("kube-apiserver --insecure-bind-address", "unset"),
            new("kube-controller-manager, kube-scheduler --port", "unset or 0"),
            new("kube-apiserver, kube-controller-manager, kube-scheduler --secure-port", "unset or not 0"),
        ],
        References =
        [
            new("CIS", "1.2.17 Ensure that the --secure-port argument is not set to 0"),
            new("CIS", "1.2.18 Ensure that the --insecure-port argument is set to 0 (benchmarks before Kubernetes 1.24)"),
            new("CIS", "1.2.19 Ensure that the --insecure-bind-address argument is not set (benchmarks before Kubernetes 1.24)"),
            new("Trivy", "KCV-0017"),
            new("Kubescape", "C-0005"),
            new("Kubescape", "C-0128"),
            new("Checkov", "CKV_K8S_86"),
            new("Checkov", "CKV_K8S_88"),
            new("Checkov", "CKV_K8S_89"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer, Component.ControllerManager, Component.Scheduler];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        var name = flags.ProgramName;
        var insecurePort = flags.Component == Component.ApiServer ? "insecure-port" : "port";
        if (flags.Get(insecurePort) is { Value: not "0" } port)
        {
            flags.Report(context, insecurePort, $"{name}: --{insecurePort}={port.Value} serves plain HTTP without authentication or authorization");
        }
        if (flags.Component == Component.ApiServer && flags.Get("insecure-bind-address") is { } bind)
        {
            flags.Report(context, "insecure-bind-address", $"kube-apiserver: --insecure-bind-address={bind.Value} binds the unauthenticated HTTP port");
        }
        if (flags.Get("secure-port") is { Value: "0" })
        {
            flags.Report(context, "secure-port", $"{name}: --secure-port=0 turns the authenticated HTTPS port off");
        }
    }
}
