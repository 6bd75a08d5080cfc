using k8s;
using k8s.Autorest;
using k8s.Models;
using Stockade.Psp;

namespace Stockade.Cluster;

/// <summary>
/// Asks the API server whether an identity may <c>use</c> a PodSecurityPolicy, with an
/// <c>authorization.k8s.io/v1</c> SubjectAccessReview carrying the attributes the 1.24 plugin gave
/// its authorizer (buildAttributes): verb <c>use</c>, the API group asked, version <c>*</c>,
/// resource <c>podsecuritypolicies</c>, name the policy's, namespace the pod's.
/// </summary>
internal sealed class SubjectAccessReviewer(IKubernetes client) : IDisposable
{
    /// <exception cref="PspAccessException">No answer within <paramref name="timeout"/>, the API server failed, or it could not be reached.</exception>
    public bool Allowed(PspUser user, string ns, string policyName, string apiGroup, TimeSpan timeout)
    {
        var review = new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SubjectAccessReview",
            Spec = new V1SubjectAccessReviewSpec
            {
                User = user.Name,
                Groups = [.. user.Groups],
                Uid = user.Uid,
                Extra = user.Extra?.ToDictionary(e => e.Key, e => (IList<string>)[.. e.Value]),
                ResourceAttributes = new V1ResourceAttributes
                {
                    Verb = "use",
                    Group = apiGroup,
                    Version = "*",
                    Resource = "podsecuritypolicies",
                    Name = policyName,
                    NamespaceProperty = ns,
                },
            },
        };
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            // Called on the webhook's request threads, as the Namespace lookups are.
            var answer = client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: cancel.Token).GetAwaiter().GetResult();
            return answer.Status?.Allowed == true;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
        {
            var why = e switch
            {
                OperationCanceledException => $"no answer within {timeout.TotalSeconds:0.###} s",
                HttpOperationException { Response: { } r } => $"HTTP {(int)r.StatusCode} {r.ReasonPhrase}",
                _ => e.Message,
            };
            throw new PspAccessException($"SubjectAccessReview for {user.Name} (use podsecuritypolicy \"{policyName}\" in namespace \"{ns}\") failed: {why}", e);
        }
    }

    public void Dispose() => client.Dispose();
}
