using Stockade.Yaml;

namespace Stockade.Webhook;

/// <summary>
/// Whether a Pod UPDATE can change what Pod Security checks, as Pod Security Admission decides
/// (<c>isSignificantPodUpdate</c> in pod-security-admission's admission/admission.go): the API
/// server only lets images and ephemeral containers change on a running pod's spec, so an update
/// that changes only labels, annotations or status is allowed without evaluation. Upstream stopped
/// comparing the seccomp annotations (kubernetes/kubernetes#109819, #114846) once kubelets no
/// longer honoured them; an annotation-only update is not re-evaluated there either.
/// </summary>
public static class PodUpdates
{
    public static bool IsSignificant(YNode pod, YNode oldPod)
    {
        var spec = Map(pod, "spec");
        var oldSpec = Map(oldPod, "spec");
        var containers = Items(spec, "containers");
        var oldContainers = Items(oldSpec, "containers");
        var inits = Items(spec, "initContainers");
        var oldInits = Items(oldSpec, "initContainers");
        if (containers.Count != oldContainers.Count || inits.Count != oldInits.Count) return true;
        for (var i = 0; i < containers.Count; i++)
        {
            if (ContainerChanged(containers[i], oldContainers[i])) return true;
        }
        for (var i = 0; i < inits.Count; i++)
        {
            if (ContainerChanged(inits[i], oldInits[i])) return true;
        }
        var oldEphemeral = Items(oldSpec, "ephemeralContainers");
        foreach (var c in Items(spec, "ephemeralContainers"))
        {
            var name = Text(c, "name");
            var old = oldEphemeral.FirstOrDefault(o => Text(o, "name") == name);
            // Ephemeral containers are append-only: a new name is a new container to check.
            if (old == null) return true;
            if (ContainerChanged(c, old)) return true;
        }
        return false;
    }

    private static bool ContainerChanged(YNode container, YNode old) => Text(container, "image") != Text(old, "image");

    private static YMapping? Map(YNode? node, string key) => (node as YMapping)?[key] as YMapping;

    private static IReadOnlyList<YNode> Items(YMapping? map, string key) => map?[key] is YSequence s ? s.Items : [];

    private static string? Text(YNode? node, string key) => (node as YMapping)?[key] is YScalar { Kind: not ScalarKind.Null } s ? s.Text : null;
}
