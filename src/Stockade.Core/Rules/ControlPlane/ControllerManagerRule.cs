namespace Stockade.Rules.ControlPlane;

/// <summary>A rule on the flags of kube-controller-manager alone.</summary>
internal abstract class ControllerManagerRule : ControlPlaneRule
{
    protected sealed override IReadOnlyList<Component> Components { get; } = [Component.ControllerManager];
}
