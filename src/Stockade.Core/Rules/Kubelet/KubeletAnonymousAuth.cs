using Stockade.Engine;

namespace Stockade.Rules.Kubelet;

/// <summary>Kubelet serves anonymous requests.</summary>
internal sealed class KubeletAnonymousAuth : KubeletRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "kubelet-anonymous-auth",
        Title = "Kubelet serves anonymous requests",
        Severity = Severity.Critical,
        Category = "kubelet",
        Rationale = "With authentication.anonymous.enabled: true, requests to the kubelet API (port 10250) without credentials are served as system:anonymous; with AlwaysAllow authorization that is exec in every pod of the node for anyone who reaches it.",
        Remediation = "Set authentication.anonymous.enabled: false (the configuration file's default; the --anonymous-auth flag defaults to true).",
        RemediationYaml = """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            authentication:
              anonymous:
                enabled: false
            """,
        Fields =
        [
            new("KubeletConfiguration authentication.anonymous.enabled", "false or unset"),
        ],
        References =
        [
            new("CIS", "4.2.1 Ensure that the --anonymous-auth argument is set to false"),
            new("Kubernetes docs", "Kubelet authentication/authorization", "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/"),
        ],
    };

    protected override void Check(ConfigFields config, RuleContext context)
    {
        var anonymous = config.Bool("authentication.anonymous.enabled");
        if (anonymous.Is(true)) context.Report(anonymous, "kubelet: authentication.anonymous.enabled is true: requests without credentials are served as system:anonymous");
    }
}
