using Stockade.Kube;

namespace Stockade.Config;

/// <summary>
/// Which <c>exempt.stockade.dev/RULE</c> annotations a scan honours. The annotation is written by
/// the object's author, so it is only as trustworthy as whoever may change the object: in a
/// repository that is the code review (scan honours them unless the configuration refuses them);
/// at admission it is anyone who may create a pod, so the webhook honours them only in the
/// namespaces its administrator lists.
/// </summary>
internal sealed record AnnotationTrust
{
    /// <summary>Null: every namespace; otherwise only objects whose namespace is listed.</summary>
    public IReadOnlySet<string>? Namespaces { get; init; }

    /// <summary>Set when no annotation is honoured: why, as the note on a refused annotation says.</summary>
    public string? RefusedBecause { get; init; }

    /// <summary>Why an annotation outside <see cref="Namespaces"/> is refused.</summary>
    public string OutsideNamespacesBecause { get; init; } = "annotation exemptions are not trusted in this namespace";

    /// <summary>What <c>stockade scan</c> does by default: the annotations passed code review with the manifest.</summary>
    public static readonly AnnotationTrust Everywhere = new();

    public static AnnotationTrust Refused(string because) => new() { RefusedBecause = because };

    public static AnnotationTrust InNamespaces(IReadOnlySet<string> namespaces, string outsideBecause) =>
        new() { Namespaces = namespaces, OutsideNamespacesBecause = outsideBecause };

    /// <summary>Null when the object's annotations are honoured, else why not.</summary>
    public string? WhyNotTrusted(KubeObject obj)
    {
        if (RefusedBecause != null) return RefusedBecause;
        if (Namespaces == null) return null;
        return obj.Namespace.IsSet && Namespaces.Contains(obj.Namespace.Value) ? null : OutsideNamespacesBecause;
    }
}
