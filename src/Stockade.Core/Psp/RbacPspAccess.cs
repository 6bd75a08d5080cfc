using Stockade.Engine;
using Stockade.Rules.Rbac;

namespace Stockade.Psp;

/// <summary>
/// <c>use</c> as the RBAC objects of a bundle (over the bootstrap policy) grant it, matched as the
/// RBAC authorizer's RuleAllows does. Every identity checked here is taken to be in
/// <c>system:authenticated</c>: a pod template's pods are created by a controller, an authenticated
/// identity this offline check does not know, so a grant to everyone authenticated reaches them.
/// </summary>
internal sealed class RbacPspAccess(RbacPolicy rbac) : IPspAccess
{
    public bool MayUse(PspUser user, string ns, string policyName)
    {
        var groups = user.Groups.Contains("system:authenticated") ? user.Groups : [.. user.Groups, "system:authenticated"];
        return rbac.GrantsTo(user.Name, groups, ns).Any(g => AllowsUse(g.Rule, policyName));
    }

    private static bool AllowsUse(PolicyRuleSummary rule, string policyName) =>
        Rbac.VerbMatches(rule, "use")
        && (Rbac.GroupMatches(rule, "policy") || Rbac.GroupMatches(rule, "extensions"))
        && Rbac.ResourceMatches(rule, "podsecuritypolicies")
        && (rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(policyName));
}
