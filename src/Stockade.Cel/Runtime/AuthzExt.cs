using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// Kubernetes' authz library (<c>apiserver/pkg/cel/library/authz.go</c>): a builder over the
/// <c>authorizer</c> variable ending in <c>check(verb)</c>, which asks the host's <see cref="CelAuthorizer"/>.
/// </summary>
internal static class AuthzExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Member("serviceAccount", 3, a => Start(a, "serviceAccount") with { ServiceAccount = (Str(a, 1, "serviceAccount"), Str(a, 2, "serviceAccount")) });
        r.Member("path", 2, a => Start(a, "path") with { Path = Str(a, 1, "path") });
        r.Member("group", 2, a => Start(a, "group") with { Group = Str(a, 1, "group") });
        r.Member("resource", 2, a => Check(a, "resource") with { Resource = Str(a, 1, "resource") });
        r.Member("subresource", 2, a => Check(a, "subresource") with { Subresource = Str(a, 1, "subresource") });
        r.Member("namespace", 2, a => Check(a, "namespace") with { Namespace = Str(a, 1, "namespace") });
        r.Member("name", 2, a => Check(a, "name") with { Name = Str(a, 1, "name") });
        // AuthzSelectors (1.32, the AuthorizeWithSelectors gate's default): passed on to the authorizer as written.
        r.Member("fieldSelector", 2, a => Check(a, "fieldSelector") with { FieldSelector = Str(a, 1, "fieldSelector") });
        r.Member("labelSelector", 2, a => Check(a, "labelSelector") with { LabelSelector = Str(a, 1, "labelSelector") });
        r.Member("check", 2, a =>
        {
            var c = Check(a, "check") with { Verb = Str(a, 1, "check") };
            try
            {
                var (allowed, reason) = c.Authorizer.Check(c);
                return new CelAuthorizationDecision(allowed, reason, null);
            }
            catch (CelEvalException e)
            {
                // An authorizer error is a decision that errored(), as upstream; allowed() then raises it.
                return new CelAuthorizationDecision(false, "", e.Message);
            }
        });
        r.Member("allowed", 1, a => Decision(a, "allowed") is { Error: { } e } ? throw new CelEvalException(e) : Decision(a, "allowed").Allowed);
        r.Member("reason", 1, a => Decision(a, "reason").Reason);
        r.Member("errored", 1, a => Decision(a, "errored").Error != null);
        r.Member("error", 1, a => Decision(a, "error").Error ?? "");
    }

    private static CelAuthorizationCheck Start(object[] a, string f) => a[0] switch
    {
        CelAuthorizer z => new CelAuthorizationCheck(z),
        CelAuthorizationCheck c => c,
        _ => throw Errors.NoOverload(f, a),
    };

    private static CelAuthorizationCheck Check(object[] a, string f) => a[0] as CelAuthorizationCheck ?? throw Errors.NoOverload(f, a);

    private static CelAuthorizationDecision Decision(object[] a, string f) => a[0] as CelAuthorizationDecision ?? throw Errors.NoOverload(f, a);

    private static string Str(object[] a, int i, string f) => a[i] as string ?? throw Errors.NoOverload(f, a);
}
