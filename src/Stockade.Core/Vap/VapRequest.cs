using Stockade.Cel.Values;

namespace Stockade.Vap;

/// <summary>
/// An admission request as a policy sees it: the attributes matching reads and the values CEL
/// reads (<c>object</c>, <c>oldObject</c>, <c>request</c>, <c>namespaceObject</c>). Offline it is
/// built by <see cref="VapOffline"/>; the webhook builds it from the AdmissionReview.
/// </summary>
internal sealed record VapRequest
{
    public required string Operation { get; init; }
    public required VapResource Resource { get; init; }
    public string Subresource { get; init; } = "";
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public string Name { get; init; } = "";
    public string Namespace { get; init; } = "";

    /// <summary>The object (CEL value), or <see cref="CelNull.Value"/> on DELETE.</summary>
    public required object Object { get; init; }
    public object OldObject { get; init; } = CelNull.Value;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string>? OldLabels { get; init; }

    /// <summary>The request's Namespace (CEL value), or null value when not known or cluster-scoped.</summary>
    public object NamespaceObject { get; init; } = CelNull.Value;

    /// <summary>
    /// The Namespace's labels; null when they are not known, and then a namespace selector that must
    /// read them is a configuration error (<see cref="NamespaceUnknown"/>), as upstream's "namespace not found".
    /// </summary>
    public IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }

    /// <summary>Why <see cref="NamespaceLabels"/> is null, as the configuration error says it.</summary>
    public string NamespaceUnknown { get; init; } = "";

    /// <summary>The <c>request</c> variable: the AdmissionRequest's fields as CEL reads them.</summary>
    public required object RequestValue { get; init; }

    /// <summary>The <c>authorizer</c> variable; the offline stand-in answers every check with an error.</summary>
    public object Authorizer { get; init; } = CelNull.Value;
}
