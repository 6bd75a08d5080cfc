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
public static class PodUpdates
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
