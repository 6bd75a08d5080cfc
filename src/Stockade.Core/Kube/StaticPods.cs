using Stockade.Engine;

namespace Stockade.Kube;

/// <summary>
/// Static pods: Pods the kubelet runs from files in its manifests folder (kubeadm's
/// <c>/etc/kubernetes/manifests</c>, the kubelet's <c>staticPodPath</c>), shown in the API as mirror
/// pods annotated <c>kubernetes.io/config.mirror</c>. The kubelet runs them without the API
/// server's admission, on its own node: no service-account token is mounted (the ServiceAccount
/// admission plugin leaves mirror pods unmodified and refuses one that names a ServiceAccount,
/// a Secret or a token projection — plugin/pkg/admission/serviceaccount/admission.go), no
/// scheduler places them, and the control-plane ones must reach the API server.
/// </summary>
internal static class StaticPods
{
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    /// <summary>The path segments of a kubelet manifests folder, wherever a copy of a node's files is rooted.</summary>
    private const string ManifestsFolder = "/etc/kubernetes/manifests/";

    /// <summary>
    /// True when the pod is a static pod or its mirror: a Pod with the mirror annotation, or an
    /// ownerless Pod read from a file under <c>etc/kubernetes/manifests/</c>. At admission neither
    /// counts: the annotation is the author's and there is no file.
    /// </summary>
    public static bool IsStatic(PodSubject pod, ScanOrigin origin) =>
        origin != ScanOrigin.Admission && IsPod(pod.Object) && (HasMirrorAnnotation(pod.Object) || FromManifestsFolder(pod.Object));

    /// <summary>
    /// True when the API server treats the pod as a mirror pod, whoever wrote the annotation: its
    /// ServiceAccount admission mounts no token into it (and refuses it if it names a ServiceAccount).
    /// </summary>
    public static bool GetsNoToken(PodSubject pod, ScanOrigin origin) =>
        IsStatic(pod, origin) || IsPod(pod.Object) && HasMirrorAnnotation(pod.Object);

    private static bool IsPod(KubeObject obj) => obj is { Kind: "Pod", Group: "" };

    private static bool HasMirrorAnnotation(KubeObject obj) => obj.Annotations.ContainsKey(MirrorAnnotation);

    private static bool FromManifestsFolder(KubeObject obj)
    {
        var file = "/" + obj.File.Replace('\\', '/');
        if (!file.Contains(ManifestsFolder, StringComparison.Ordinal)) return false;
        // A Pod written by a controller (ownerReferences) was not read by the kubelet from a file.
        var metadata = obj.Root["metadata"] as Yaml.YMapping;
        return metadata?["ownerReferences"] is not Yaml.YSequence { Items.Count: > 0 };
    }
}
