using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.ControlPlane;

/// <summary>
/// A rule on the flags of control-plane programs run in pods: kubeadm's static-pod manifests in
/// /etc/kubernetes/manifests, or any workload that runs them.
/// </summary>
internal abstract class ControlPlaneRule : PodRule
{
    /// <summary>The programs the rule reads.</summary>
    protected abstract IReadOnlyList<Component> Components { get; }

    protected abstract void Check(ComponentFlags flags, RuleContext context);

    /// <summary>
    /// A remediation as the rules' docs show it: the static pod's container running
    /// <paramref name="program"/>, with <paramref name="lines"/> (flags, or a comment) after the
    /// program in its command.
    /// </summary>
    protected static string CommandYaml(string program, params string[] lines) =>
        $"spec:\n  containers:\n    - name: {program}\n      command:\n        - {program}" + string.Concat(lines.Select(l => "\n        " + l));

    // The scanner hands every rule the pod it located once; a container that runs no component is
    // recognised without reading its flags, so ordinary workloads cost a look at command[0] and the image.
    // Built-in workload kinds only: a custom resource with a pod template runs what its operator decides, not these programs as written.
    public override void Check(PodSubject pod, RuleContext context)
    {
        if (!WorkloadLocator.IsWorkloadKind(pod.Object.Kind)) return;
        foreach (var container in pod.Spec.AllContainers)
        {
            if (ComponentFlags.Read(container) is { } flags && Components.Contains(flags.Component)) Check(flags, context);
        }
    }
}
