using System.Text.Json.Nodes;
using Stockade.Cel.Values;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>
/// The admission request a manifest would make: a CREATE of the object as written, by a
/// configurable user (default <see cref="DefaultUser"/>), no oldObject, <c>namespaceObject</c> from
/// the Namespaces the set knows (null when it knows none of that name; a namespace selector then
/// sees only the name label), and an authorizer that
/// answers every check with an error (there is no API server to ask).
/// </summary>
internal static class VapOffline
{
    public const string DefaultUser = "stockade:offline";

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <param name="obj">The object as written.</param>
    /// <param name="set">The policies' set: its resource table and Namespaces.</param>
    /// <param name="defaultNamespace">The namespace of a namespaced object that names none.</param>
    /// <param name="requester">The requesting user and groups (default <see cref="DefaultUser"/>, no groups).</param>
    /// <param name="values">
    /// False for the attributes matching reads only: <c>object</c> and <c>request</c> are then null
    /// values, and converting the object's tree to CEL (most of a request's cost) is skipped.
    /// </param>
    public static VapRequest Create(KubeObject obj, VapPolicySet set, string? defaultNamespace = null, VapRequester? requester = null, bool values = true)
    {
        var user = requester ?? VapRequester.Offline;
        var resource = set.Resources.Of(obj.ApiVersion, obj.Kind, obj.Namespace.IsSet, out _);
        var ns = resource.Namespaced ? obj.Namespace.IsSet ? obj.Namespace.Value! : defaultNamespace ?? "default" : "";
        var name = obj.Name.IsSet ? obj.Name.Value! : "";
        var known = ns.Length > 0 && set.Namespaces.TryGetValue(ns, out var n) ? n : ((IReadOnlyDictionary<string, string>, object)?)null;
        return new VapRequest
        {
            Operation = "CREATE",
            Resource = resource,
            ApiVersion = obj.ApiVersion,
            Kind = obj.Kind,
            Name = name,
            Namespace = ns,
            // Shared with custom rules and the other policies reading the same object.
            Object = values ? CelTree.ValueOf(obj.Root) : CelNull.Value,
            Labels = obj.Labels.ToDictionary(l => l.Key, l => l.Value.Value ?? ""),
            NamespaceObject = known?.Item2 ?? CelNull.Value,
            NamespaceLabels = known?.Item1 ?? NoLabels,
            RequestValue = values ? new LazyMap(() => (CelMap)CelJson.FromNode(RequestJson(resource, obj.Kind, "CREATE", name, ns, user.Name, user.Groups))) : CelNull.Value,
            Authorizer = CelAuthorizer.Unavailable,
        };
    }

    /// <summary>
    /// The <c>request</c> variable's fields (admission.k8s.io/v1 AdmissionRequest) as upstream's
    /// CreateAdmissionRequest fills them: without <c>object</c> and <c>oldObject</c>, which
    /// expressions read as variables of their own.
    /// </summary>
    public static JsonObject RequestJson(VapResource resource, string kind, string operation, string name, string ns, string user, IReadOnlyList<string> groups,
        string uid = "", bool dryRun = false) => new()
    {
        ["uid"] = uid,
        ["kind"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = kind },
        ["resource"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Resource },
        ["requestKind"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = kind },
        ["requestResource"] = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Resource },
        ["name"] = name,
        ["namespace"] = ns,
        ["operation"] = operation,
        ["userInfo"] = new JsonObject { ["username"] = user, ["groups"] = new JsonArray(groups.Select(g => (JsonNode)JsonValue.Create(g)).ToArray()) },
        ["dryRun"] = dryRun,
    };
}
