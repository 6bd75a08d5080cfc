using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Webhook;

/// <summary>
/// Whether a Pod UPDATE can change what Pod Security checks, as Pod Security Admission decides
/// (<c>isSignificantPodUpdate</c> in pod-security-admission's admission/admission.go): the API
/// server only lets images and ephemeral containers change on a running pod's spec, so an update
/// that changes only labels, annotations or status is allowed without evaluation. Upstream stopped
/// comparing the seccomp annotations (kubernetes/kubernetes#109819, #114846) once kubelets no
/// longer honoured them; an annotation-only update is not re-evaluated there either. Both pods are
/// read into the pod model; a pod the model cannot read is significant (the evaluation reports why).
/// </summary>
internal static class PodUpdates
{
    public static bool IsSignificant(YNode pod, YNode oldPod)
    {
        if (Read(pod) is not { } spec || Read(oldPod) is not { } oldSpec) return true;
        if (spec.Containers.Count != oldSpec.Containers.Count || spec.InitContainers.Count != oldSpec.InitContainers.Count) return true;
        for (var i = 0; i < spec.Containers.Count; i++)
        {
            if (ImageChanged(spec.Containers[i], oldSpec.Containers[i])) return true;
        }
        for (var i = 0; i < spec.InitContainers.Count; i++)
        {
            if (ImageChanged(spec.InitContainers[i], oldSpec.InitContainers[i])) return true;
        }
        foreach (var c in spec.EphemeralContainers)
        {
            var old = oldSpec.EphemeralContainers.FirstOrDefault(o => Text(o.Name) == Text(c.Name));
            // Ephemeral containers are append-only: a new name is a new container to check.
            if (old == null || ImageChanged(c, old)) return true;
        }
        return false;
    }

    /// <summary>
    /// The PodSecurityPolicy plugin's shouldIgnore for updates (rbacregistry.IsOnlyMutatingGCFields):
    /// the two objects are equal once the old one takes the new one's <c>metadata.ownerReferences</c>
    /// and <c>metadata.finalizers</c>. Any other difference, however small, is re-validated.
    /// </summary>
    public static bool OnlyGarbageCollectorFieldsChanged(YNode pod, YNode oldPod) => Same(pod, oldPod, "");

    private static readonly HashSet<string> GarbageCollectorFields = ["metadata.ownerReferences", "metadata.finalizers"];

    private static bool Same(YNode a, YNode b, string path)
    {
        switch (a, b)
        {
            case (YScalar x, YScalar y):
                return x.Kind == y.Kind && x.Text == y.Text;
            case (YSequence x, YSequence y):
                return x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => Same(p.First, p.Second, path + "[]"));
            case (YMapping x, YMapping y):
                var keys = x.Entries.Select(e => e.Key).Union(y.Entries.Select(e => e.Key), StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    var child = path.Length == 0 ? key : path + "." + key;
                    if (GarbageCollectorFields.Contains(child)) continue;
                    var (xv, yv) = (x[key], y[key]);
                    // An absent field and an explicit null are the same object to the API server.
                    if (xv is null or YScalar { Kind: ScalarKind.Null } && yv is null or YScalar { Kind: ScalarKind.Null }) continue;
                    if (xv == null || yv == null || !Same(xv, yv, child)) return false;
                }
                return true;
            default:
                return false;
        }
    }

    private static PodSpecModel? Read(YNode pod)
    {
        // The webhook's objects come as JSON: the JSON type rules apply.
        var ctx = new DecodeContext(isJson: true);
        if ((pod as YMapping)?["spec"] is not YMapping spec) return null;
        var model = PodDecoder.Decode(spec, "spec", ctx);
        return ctx.HasErrors ? null : model;
    }

    private static bool ImageChanged(ContainerModel container, ContainerModel old) => Text(container.Image) != Text(old.Image);

    private static string? Text(Field<string> f) => f.IsSet ? f.Value : null;
}
