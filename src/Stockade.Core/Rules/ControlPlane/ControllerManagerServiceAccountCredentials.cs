using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Controller manager runs every controller with its own credentials.</summary>
internal sealed class ControllerManagerServiceAccountCredentials : ControllerManagerRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "controller-manager-service-account-credentials",
        Title = "Controller manager runs every controller with its own credentials",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "With --use-service-account-credentials left at false (the default), all controllers act with the controller manager's own, very broad identity. Set to true, each controller uses its own service account with the narrow system:controller:* role.",
        Remediation = "Set --use-service-account-credentials=true (kubeadm's default).",
        RemediationYaml = CommandYaml("kube-controller-manager", "- --use-service-account-credentials=true"),
        Fields =
        [
            new("kube-controller-manager --use-service-account-credentials", "true (default false)"),
        ],
        References =
        [
            new("CIS", "1.3.3 Ensure that the --use-service-account-credentials argument is set to true"),
        ],
    };

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Bool("use-service-account-credentials", fallback: false) == true) return;
        flags.Report(context, "use-service-account-credentials", flags.Has("use-service-account-credentials")
            ? $"kube-controller-manager: --use-service-account-credentials={flags.Get("use-service-account-credentials")!.Value.Value}: controllers share the controller manager's identity"
            : "kube-controller-manager: --use-service-account-credentials is not set (default false): controllers share the controller manager's identity");
    }
}
