using Stockade.Psp;

namespace Stockade.Vap;

/// <summary>
/// What a policy's <c>authorizer</c> check asks the API server, as upstream's authz library builds
/// its AttributesRecord: a resource check (API group, version <c>*</c>, resource, subresource,
/// namespace, name, and from 1.32 field and label selectors) or, with no resource, a non-resource
/// <paramref name="Path"/>; for the request's user, or for the service account
/// <c>authorizer.serviceAccount(ns, name)</c> named.
/// </summary>
internal sealed record VapAccessCheck(PspUser User, string Verb, string Path = "", string Group = "", string Resource = "", string Subresource = "",
    string Namespace = "", string Name = "", string FieldSelector = "", string LabelSelector = "")
{
    /// <summary>A <c>path(…)</c> check: no resource was named.</summary>
    public bool IsPath => Resource.Length == 0;

    public override string ToString() => IsPath
        ? $"{User.Name} {Verb} {Path}"
        : $"{User.Name} {Verb} {(Group.Length > 0 ? Group + "/" : "")}{Resource}{(Subresource.Length > 0 ? "/" + Subresource : "")}{(Name.Length > 0 ? " " + Name : "")}{(Namespace.Length > 0 ? " in " + Namespace : "")}";
}
