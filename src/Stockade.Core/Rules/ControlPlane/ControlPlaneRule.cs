using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.ControlPlane;

/// <summary>
/// A rule on the flags of control-plane programs run in pods: kubeadm's static-pod manifests in
/// /etc/kubernetes/manifests, or any workload that runs them.
/// </summary>
public abstract class ControlPlaneRule : ObjectRule
{
    /// <summary>The programs the rule reads.</summary>
    protected abstract IReadOnlyList<Component> Components { get; }

    protected abstract void Check(ComponentFlags flags, RuleContext context);

    public override bool AppliesTo(KubeObject obj) => WorkloadLocator.IsWorkloadKind(obj.Kind);

    public override void Check(KubeObject obj, RuleContext context)
    {
        if (WorkloadLocator.Locate(obj) is not { } pod) return;
        foreach (var container in pod.Spec.AllContainers)
        {
            if (ComponentFlags.Read(container) is { } flags && Components.Contains(flags.Component)) Check(flags, context);
        }
    }
}
