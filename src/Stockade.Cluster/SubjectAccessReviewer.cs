using k8s;
using k8s.Autorest;
using k8s.Models;
using Stockade.Psp;
using Stockade.Vap;

namespace Stockade.Cluster;

/// <summary>
/// Asks the API server's authorizer with <c>authorization.k8s.io/v1</c> SubjectAccessReviews: for
/// ValidatingAdmissionPolicies' <c>authorizer</c> checks (<see cref="Check"/>), and whether an
/// identity may <c>use</c> a PodSecurityPolicy, with an
/// <c>authorization.k8s.io/v1</c> SubjectAccessReview carrying the attributes the 1.24 plugin gave
/// its authorizer (buildAttributes): verb <c>use</c>, the API group asked, version <c>*</c>,
/// resource <c>podsecuritypolicies</c>, name the policy's, namespace the pod's.
/// </summary>
internal sealed class SubjectAccessReviewer(IKubernetes client) : IDisposable
{
    /// <exception cref="PspAccessException">No answer within <paramref name="timeout"/>, the API server failed, or it could not be reached.</exception>
    public bool Allowed(PspUser user, string ns, string policyName, string apiGroup, TimeSpan timeout) =>
        Ask(Spec(user, new V1ResourceAttributes
        {
            Verb = "use",
            Group = apiGroup,
            Version = "*",
            Resource = "podsecuritypolicies",
            Name = policyName,
            NamespaceProperty = ns,
        }), timeout, $"SubjectAccessReview for {user.Name} (use podsecuritypolicy \"{policyName}\" in namespace \"{ns}\")").Allowed;

    /// <summary>
    /// A ValidatingAdmissionPolicy's <c>authorizer</c> check, with the attributes upstream's authz
    /// library gives its authorizer: a resource check at version <c>*</c> (with its field and label
    /// selectors, as the API server's AuthorizeWithSelectors passes them), or a non-resource path.
    /// </summary>
    /// <exception cref="PspAccessException">No answer within <paramref name="timeout"/>, the API server failed, or it could not be reached.</exception>
    public (bool Allowed, string Reason) Check(VapAccessCheck check, TimeSpan timeout)
    {
        var spec = check.IsPath
            ? Spec(check.User, nonResource: new V1NonResourceAttributes { Path = check.Path, Verb = check.Verb })
            : Spec(check.User, new V1ResourceAttributes
            {
                Verb = check.Verb,
                Group = check.Group,
                Version = "*",
                Resource = check.Resource,
                Subresource = check.Subresource.Length > 0 ? check.Subresource : null,
                Name = check.Name.Length > 0 ? check.Name : null,
                NamespaceProperty = check.Namespace.Length > 0 ? check.Namespace : null,
                FieldSelector = check.FieldSelector.Length > 0 ? new V1FieldSelectorAttributes { RawSelector = check.FieldSelector } : null,
                LabelSelector = check.LabelSelector.Length > 0 ? new V1LabelSelectorAttributes { RawSelector = check.LabelSelector } : null,
            });
        var status = Ask(spec, timeout, $"SubjectAccessReview for {check}");
        return (status.Allowed, status.Reason ?? "");
    }

    private static V1SubjectAccessReviewSpec Spec(PspUser user, V1ResourceAttributes? resource = null, V1NonResourceAttributes? nonResource = null) => new()
    {
        User = user.Name,
        Groups = [.. user.Groups],
        Uid = user.Uid,
        Extra = user.Extra?.ToDictionary(e => e.Key, e => (IList<string>)[.. e.Value]),
        ResourceAttributes = resource,
        NonResourceAttributes = nonResource,
    };

    private V1SubjectAccessReviewStatus Ask(V1SubjectAccessReviewSpec spec, TimeSpan timeout, string what)
    {
        var review = new V1SubjectAccessReview { ApiVersion = "authorization.k8s.io/v1", Kind = "SubjectAccessReview", Spec = spec };
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            // Called on the webhook's request threads, as the Namespace lookups are.
            var answer = client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: cancel.Token).GetAwaiter().GetResult();
            return answer.Status ?? new V1SubjectAccessReviewStatus { Allowed = false };
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
        {
            var why = e switch
            {
                OperationCanceledException => $"no answer within {timeout.TotalSeconds:0.###} s",
                HttpOperationException { Response: { } r } => $"HTTP {(int)r.StatusCode} {r.ReasonPhrase}",
                _ => e.Message,
            };
            throw new PspAccessException($"{what} failed: {why}", e);
        }
    }

    public void Dispose() => client.Dispose();
}
