using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>API server extends projected service-account tokens to a year.</summary>
internal sealed class ApiServerExtendTokenExpiration : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "apiserver-extend-token-expiration",
        Title = "API server extends projected service-account tokens to a year",
        Severity = Severity.Low,
        Category = "control-plane",
        // On by default upstream so that clients which never reread their token keep working: a migration setting, not a misconfiguration of one chart.
        EnabledByDefault = false,
        Rationale = "With --service-account-extend-token-expiration (on by default) the API server issues the tokens it mounts into pods valid for a year instead of the hour they ask for, so that clients that never reread the file keep working; a token stolen from a pod stays usable for that year. The audit log flags clients that would have failed, so the extension can be turned off once they are fixed.",
        Remediation = "Find clients that use stale tokens (audit annotation authentication.k8s.io/stale-token), update them, then set --service-account-extend-token-expiration=false.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --service-account-extend-token-expiration=false"),
        Fields =
        [
            new("kube-apiserver --service-account-extend-token-expiration", "false (default true)"),
        ],
        References =
        [
            new("Kubescape", "C-0290"),
            new("Kubernetes docs", "Bound service account token volume", "https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-token-volume"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Bool("service-account-extend-token-expiration", fallback: true) != false)
        {
            flags.Report(context, "service-account-extend-token-expiration", flags.Has("service-account-extend-token-expiration")
                ? $"kube-apiserver: --service-account-extend-token-expiration={flags.Get("service-account-extend-token-expiration")!.Value.Value}: pod tokens are valid for a year"
                : "kube-apiserver: --service-account-extend-token-expiration is not set (default true): pod tokens are valid for a year");
        }
    }
}
