using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server authenticates with a static token file.</summary>
internal sealed class ApiServerTokenAuthFile : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-token-auth-file",
        Title = "API server authenticates with a static token file",
        Severity = Severity.High,
        Category = "control-plane",
        Rationale = "--token-auth-file holds bearer tokens in clear text on the control-plane node. They never expire and cannot be revoked without restarting the API server.",
        Remediation = "Remove --token-auth-file; use client certificates, OIDC or service-account tokens.",
        RemediationYaml = CommandYaml("kube-apiserver", "# no --token-auth-file"),
        Fields =
        [
            new("kube-apiserver --token-auth-file", "unset"),
        ],
        References =
        [
            new("CIS", "1.2.2 Ensure that the --token-auth-file parameter is not set"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Get("token-auth-file") is { } f)
        {
            flags.Report(context, "token-auth-file", $"kube-apiserver: --token-auth-file={f.Value} authenticates static, unexpiring bearer tokens");
        }
    }
}
