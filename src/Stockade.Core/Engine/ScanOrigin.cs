namespace Stockade.Engine;

/// <summary>Where the scanned objects come from, which decides whose word their annotations are.</summary>
internal enum ScanOrigin
{
    /// <summary>
    /// Manifests, a chart's output or a dump of a cluster: annotations say what the objects are
    /// (a <c>kubernetes.io/config.mirror</c> Pod in a dump is the mirror of a static pod), and a
    /// file's path can say where the kubelet reads it (<c>/etc/kubernetes/manifests</c>).
    /// </summary>
    Manifests,

    /// <summary>
    /// An admission request: the object is what its author sent, so its annotations are the
    /// author's word. They relax only what the API server itself enforces on them.
    /// </summary>
    Admission,
}
