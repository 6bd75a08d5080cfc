using System.Runtime.CompilerServices;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Yaml;

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
        foreach (var flags in ComponentsOf(obj))
        {
            if (Components.Contains(flags.Component)) Check(flags, context);
        }
    }

    // Every control-plane rule asks about the same object: its containers are decoded once, and
    // only when some string in it names a component, so ordinary workloads cost a tree walk.
    private static readonly ConditionalWeakTable<KubeObject, IReadOnlyList<ComponentFlags>> Cache = new();

    private static IReadOnlyList<ComponentFlags> ComponentsOf(KubeObject obj) => Cache.GetValue(obj, Read);

    private static IReadOnlyList<ComponentFlags> Read(KubeObject obj)
    {
        if (!NamesAComponent(obj.Root) || WorkloadLocator.Locate(obj) is not { } pod) return [];
        return pod.Spec.AllContainers.Select(ComponentFlags.Read).OfType<ComponentFlags>().ToList();
    }

    private static readonly string[] ProgramNames = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"];

    private static bool NamesAComponent(YNode node) => node switch
    {
        YScalar { Kind: ScalarKind.String } s => ProgramNames.Any(p => s.Text.Contains(p, StringComparison.Ordinal)),
        YMapping m => m.Entries.Any(e => NamesAComponent(e.Value)),
        YSequence q => q.Items.Any(NamesAComponent),
        _ => false,
    };
}
