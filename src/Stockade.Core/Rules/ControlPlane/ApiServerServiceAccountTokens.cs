using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server does not check service-account tokens fully.</summary>
internal sealed class ApiServerServiceAccountTokens : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-service-account-tokens",
        Title = "API server does not check service-account tokens fully",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "With --service-account-lookup=false, tokens of deleted service accounts (and legacy tokens of deleted Secrets) keep working until they expire. Without --service-account-key-file, the API server verifies tokens with its TLS serving key, so rotating one rotates the other and the keys cannot be managed apart.",
        Remediation = "Keep --service-account-lookup=true (the default) and set --service-account-key-file to the public key matching the controller manager's --service-account-private-key-file.",
        RemediationYaml = CommandYaml("kube-apiserver",
            "- --service-account-lookup=true",
            "- --service-account-key-file=/etc/kubernetes/pki/sa.pub"),
        Fields =
        [
            new("kube-apiserver --service-account-lookup", "true or unset (default true)"),
            new("kube-apiserver --service-account-key-file", "set"),
        ],
        References =
        [
            new("CIS", "1.2.22 Ensure that the --service-account-lookup argument is set to true"),
            new("CIS", "1.2.23 Ensure that the --service-account-key-file argument is set as appropriate"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Bool("service-account-lookup", fallback: true) != true)
        {
            flags.Report(context, "service-account-lookup", $"kube-apiserver: --service-account-lookup={flags.Get("service-account-lookup")!.Value.Value}: tokens of deleted service accounts stay valid");
        }
        if (!flags.Has("service-account-key-file"))
        {
            flags.Report(context, "service-account-key-file", "kube-apiserver: --service-account-key-file is not set (default: the --tls-private-key-file key verifies tokens)");
        }
    }
}
