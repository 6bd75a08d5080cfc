using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Controller manager or scheduler listens on every address.</summary>
internal sealed class ControlPlaneBindAddress : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "control-plane-bind-address",
        Title = "Controller manager or scheduler listens on every address",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "kube-controller-manager and kube-scheduler serve health, metrics and (with profiling) debug endpoints on --bind-address, which defaults to 0.0.0.0: every network that reaches the node reaches them. They need only be reachable locally.",
        Remediation = "Set --bind-address=127.0.0.1 (kubeadm's default).",
        RemediationYaml = CommandYaml("kube-controller-manager", "- --bind-address=127.0.0.1"),
        Fields =
        [
            new("kube-controller-manager, kube-scheduler --bind-address", "127.0.0.1, ::1 or localhost (default 0.0.0.0)"),
        ],
        References =
        [
            new("CIS", "1.3.7 Ensure that the --bind-address argument is set to 127.0.0.1 (controller manager)"),
            new("CIS", "1.4.2 Ensure that the --bind-address argument is set to 127.0.0.1 (scheduler)"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ControllerManager, Component.Scheduler];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.Get("bind-address") is not { } address)
        {
            flags.Report(context, "bind-address", $"{flags.ProgramName}: --bind-address is not set (default 0.0.0.0): it listens on every interface");
        }
        else if (address.Value is not ("127.0.0.1" or "::1" or "localhost"))
        {
            flags.Report(context, "bind-address", $"{flags.ProgramName}: --bind-address={address.Value} is not the loopback address");
        }
    }
}
