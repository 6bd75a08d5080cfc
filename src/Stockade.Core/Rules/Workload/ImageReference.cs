namespace Stockade.Rules.Workload;

/// <summary>
/// A container image reference split as the container runtimes split it
/// (<c>[registry[:port]/]repository[:tag][@digest]</c>): the tag is what follows the last colon
/// after the last slash, the digest what follows <c>@</c>.
/// </summary>
internal readonly record struct ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string image)
    {
        var at = image.IndexOf('@');
        var digest = at >= 0 ? image[(at + 1)..] : null;
        var name = at >= 0 ? image[..at] : image;
        var colon = name.LastIndexOf(':');
        var tag = colon > name.LastIndexOf('/') ? name[(colon + 1)..] : null;
        return new ImageReference(tag != null ? name[..colon] : name, tag, digest);
    }

    /// <summary>No digest, and no tag or <c>latest</c>: the image pulled can change under the same name.</summary>
    public bool IsMutableLatest => Digest == null && (Tag == null || Tag == "latest");

    /// <summary>
    /// The kubelet's default pull policy for the reference: Always for <c>:latest</c> or no tag
    /// (without a digest), else IfNotPresent (SetDefaults_Container, pkg/apis/core/v1/defaults.go).
    /// </summary>
    public string DefaultPullPolicy => IsMutableLatest ? "Always" : "IfNotPresent";
}
