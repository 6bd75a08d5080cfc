using Stockade.Engine;

namespace Stockade.Rules.ControlPlane;

/// <summary>Control-plane component turns on every alpha feature.</summary>
internal sealed class ControlPlaneAlphaFeatures : ControlPlaneRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "control-plane-alpha-features",
        Title = "Control-plane component turns on every alpha feature",
        Severity = Severity.Medium,
        Category = "control-plane",
        Rationale = "--feature-gates=AllAlpha=true switches on every alpha feature at once: code that is off by default because it is incomplete, may be insecure and gets no security support.",
        Remediation = "Remove AllAlpha=true and enable the specific alpha gates you need, knowingly.",
        RemediationYaml = CommandYaml("kube-apiserver", "- --feature-gates=InPlacePodVerticalScaling=true"),
        Fields =
        [
            new("kube-apiserver, kube-controller-manager, kube-scheduler --feature-gates AllAlpha", "false or unset"),
        ],
        References =
        [
            new("Kubernetes docs", "Feature gates: feature stages", "https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/#feature-stages"),
        ],
    };

    protected override IReadOnlyList<Component> Components { get; } = [Component.ApiServer, Component.ControllerManager, Component.Scheduler];

    protected override void Check(ComponentFlags flags, RuleContext context)
    {
        if (flags.FeatureGate("AllAlpha") == true)
        {
            flags.Report(context, "feature-gates", $"{flags.ProgramName}: --feature-gates sets AllAlpha=true: every alpha feature is on");
        }
    }
}
