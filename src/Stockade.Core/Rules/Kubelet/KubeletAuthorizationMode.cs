using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet authorizes every request.</summary>
internal sealed class KubeletAuthorizationMode : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-authorization-mode",
        Title = "Kubelet authorizes every request",
        Severity = Severity.Critical,
        Category = "kubelet",
        Rationale = "authorization.mode: AlwaysAllow lets every authenticated (or, with anonymous auth, every) caller of the kubelet API run commands in pods, read logs and fetch pod specs with their Secrets. Webhook asks the API server, which applies RBAC on nodes/proxy, nodes/log…",
        Remediation = "Set authorization.mode: Webhook (the configuration file's default; the --authorization-mode flag defaults to AlwaysAllow) and keep authentication.webhook.enabled: true.",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            authorization:
              mode: Webhook
            """,
        Fields =
        [
            new("KubeletConfiguration authorization.mode", "anything but AlwaysAllow"),
        ],
        References =
        [
            new("CIS", "4.2.2 Ensure that the --authorization-mode argument is not set to AlwaysAllow"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var mode = config.String("authorization.mode");
        if (mode.Is("AlwaysAllow")) context.Report(mode, "kubelet: authorization.mode is AlwaysAllow: every caller of the kubelet API is authorized");
    }
}
