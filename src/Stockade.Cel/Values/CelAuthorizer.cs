namespace Stockade.Cel.Values;

/// <summary>
/// The <c>authorizer</c> variable of Kubernetes' authz library: the host answers a check (a
/// SubjectAccessReview in a live cluster). <see cref="Check"/> may throw
/// <see cref="CelEvalException"/> when no answer can be had (offline).
/// </summary>
internal abstract class CelAuthorizer
{
    /// <summary>Whether the request's user may do the check's verb on its resource (or non-resource path), and why.</summary>
    public abstract (bool Allowed, string Reason) Check(CelAuthorizationCheck check);

    /// <summary>The stand-in for scans: every check is an error saying no authorizer is available offline.</summary>
    public static readonly CelAuthorizer Unavailable = new UnavailableAuthorizer();

    private sealed class UnavailableAuthorizer : CelAuthorizer
    {
        public override (bool Allowed, string Reason) Check(CelAuthorizationCheck check) =>
            throw new CelEvalException("authorizer is not available offline: the check needs the API server's authorizer (use serve or audit against a cluster)");
    }
}

/// <summary>The request being built by <c>authorizer.group(…).resource(…)…check(verb)</c>.</summary>
/// <remarks><see cref="ServiceAccount"/> is the (namespace, name) of <c>authorizer.serviceAccount(ns, name)</c>: the check is then for that service account, not the request's user.</remarks>
internal sealed record CelAuthorizationCheck(CelAuthorizer Authorizer, (string Namespace, string Name)? ServiceAccount = null, string Path = "", string Group = "", string Resource = "",
    string Subresource = "", string Namespace = "", string Name = "", string Verb = "", string FieldSelector = "", string LabelSelector = "");

/// <summary>The result of <c>check(verb)</c>: allowed(), reason(), errored(), error().</summary>
internal sealed record CelAuthorizationDecision(bool Allowed, string Reason, string? Error);
