using System.Collections.Concurrent;
using Stockade.Cel;
using Stockade.Cel.Values;
using Stockade.Psp;
using Stockade.Vap;

namespace Stockade.Webhook;

/// <summary>
/// One SubjectAccessReview (<c>authorization.k8s.io/v1</c>) for a policy's <c>authorizer</c> check:
/// whether the check's user may do its verb, and the authorizer's reason.
/// </summary>
/// <exception cref="PspAccessException">No answer within <paramref name="timeout"/>, or the API server failed.</exception>
internal delegate (bool Allowed, string Reason) PolicyAccessReview(VapAccessCheck check, TimeSpan timeout);

/// <summary>
/// The <c>authorizer</c> variable of <c>/validate/policies</c> when serve has a cluster: each check
/// is a SubjectAccessReview for the request's user (from the review's <c>userInfo</c>, which the
/// API server authenticated) or for the service account <c>serviceAccount(ns, name)</c> names.
/// Made per request; a check repeated within it (under several bindings or params) is asked once.
/// A review that fails is an authorizer error: the decision's <c>errored()</c> is true and
/// <c>allowed()</c> raises it, so the policy's failure policy answers rather than a guess.
/// </summary>
internal sealed class PolicyAuthorizer(PspUser requester, PolicyAccessReview review, TimeSpan timeout, WebhookMetrics? metrics) : CelAuthorizer
{
    private readonly ConcurrentDictionary<VapAccessCheck, (bool Allowed, string Reason)> _answers = new();

    public override (bool Allowed, string Reason) Check(CelAuthorizationCheck check)
    {
        var user = check.ServiceAccount is { } sa ? PspUser.ServiceAccount(sa.Namespace, sa.Name) : requester;
        var access = new VapAccessCheck(user, check.Verb, check.Path, check.Group, check.Resource, check.Subresource, check.Namespace, check.Name,
            check.FieldSelector, check.LabelSelector);
        if (_answers.TryGetValue(access, out var known)) return known;
        try
        {
            var answer = review(access, timeout);
            metrics?.RecordPolicyAccessReview(answer.Allowed ? "allowed" : "denied");
            return _answers[access] = answer;
        }
        catch (PspAccessException e)
        {
            metrics?.RecordPolicyAccessReview("error");
            throw new CelEvalException(e.Message);
        }
    }
}
