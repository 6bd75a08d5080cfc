namespace Stockade.Webhook;

/// <summary>
/// The labels of a Namespace as the cluster has them, for the <c>/validate/namespace</c> route:
/// null when the Namespace does not exist; an exception when the API server cannot be asked
/// (answered per the failure policy, never a silent allow).
/// </summary>
internal delegate IReadOnlyDictionary<string, string>? NamespaceLookup(string name);

/// <summary>
/// A Namespace as a ValidatingAdmissionPolicy's <c>namespaceObject</c> (upstream's
/// CreateNamespaceObject: metadata, spec and status): null when it does not exist; an exception
/// when the API server cannot be asked.
/// </summary>
internal delegate System.Text.Json.JsonElement? NamespaceObjectLookup(string name);
