using Stockade.Engine;
using Stockade.Kube;
using Stockade.Rules.Rbac;

namespace Stockade.Psp;

/// <summary>
/// The user named with <c>--psp-requester</c> / <c>--psp-requester-group</c>: who creates the pods.
/// Only a Pod is created by its requester; a workload's pods are created by its controller, so
/// the requester's grants do not make a pod template's policies usable.
/// </summary>
public sealed record PspRequester(string? User, IReadOnlyList<string> Groups)
{
    public static readonly PspRequester None = new(null, []);

    public bool IsGiven => User != null || Groups.Count > 0;

    public string Display => User != null ? (Groups.Count > 0 ? $"{User} (groups {string.Join(", ", Groups)})" : User) : $"groups {string.Join(", ", Groups)}";
}

/// <summary>
/// Which PodSecurityPolicies a pod may use, as the 1.24 admission plugin asked the authorizer
/// (isAuthorizedForPolicy): verb <c>use</c> on <c>podsecuritypolicies</c> named after the policy,
/// in API group <c>policy</c> or <c>extensions</c>, in the pod's namespace — for the pod's service
/// account first, then for the requesting user. <see cref="Everyone"/> treats every policy as usable.
/// </summary>
public sealed class PspAuthorizer
{
    private readonly RbacPolicy? _rbac;
    private readonly PspRequester _requester;

    private PspAuthorizer(RbacPolicy? rbac, PspRequester requester)
    {
        _rbac = rbac;
        _requester = requester;
    }

    /// <summary>Every policy usable by every pod: RBAC not consulted.</summary>
    public static readonly PspAuthorizer Everyone = new(null, PspRequester.None);

    /// <summary>Policies usable as the RBAC objects of <paramref name="rbac"/> (and the bootstrap policy) grant them.</summary>
    public static PspAuthorizer From(RbacPolicy rbac, PspRequester requester) => new(rbac, requester);

    /// <summary>From scanned objects: their Roles, ClusterRoles and bindings (the API server would reject the rejected ones, so they grant nothing).</summary>
    public static PspAuthorizer From(IEnumerable<KubeObject> rbacObjects, PspRequester requester) =>
        From(RbacPolicy.Of(new Inventory(rbacObjects.Where(IsRbac).Select(o => InventoryEntry.Of(o, null, [])).Where(e => !e.Rejected).ToList())), requester);

    public static readonly IReadOnlySet<string> RbacKinds = new HashSet<string>(StringComparer.Ordinal) { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" };

    public static bool IsRbac(KubeObject o) => RbacKinds.Contains(o.Kind) && o.Group == Rbac.Group;

    /// <summary>Null when the pod may use the policy; otherwise why not.</summary>
    public string? WhyNotUsable(PspPolicy policy, PodSubject pod)
    {
        if (_rbac == null) return null;
        // The ServiceAccount admission plugin, which runs first, names "default" when the pod names none.
        var ns = pod.Object.Ref.Namespace ?? "";
        var account = pod.Spec.ServiceAccountName is { IsSet: true, Value.Length: > 0 } sa ? sa.Value : "default";
        var (user, groups) = RbacPolicy.ServiceAccount(ns, account);
        if (Allows(user, groups, ns, policy.Name)) return null;
        var who = user;
        if (_requester.IsGiven && pod.Object.Kind == "Pod")
        {
            // An authenticated user is in system:authenticated whatever other groups it has.
            if (Allows(_requester.User ?? "", [.. _requester.Groups, "system:authenticated"], ns, policy.Name)) return null;
            who += " or " + _requester.Display;
        }
        var where = ns.Length > 0 ? $" in namespace \"{ns}\"" : "";
        return $"no grant of use on podsecuritypolicy \"{policy.Name}\" for {who}{where}";
    }

    private bool Allows(string user, IReadOnlyCollection<string> groups, string ns, string policyName) =>
        _rbac!.GrantsTo(user, groups, ns).Any(g => AllowsUse(g.Rule, policyName));

    /// <summary>As the RBAC authorizer's RuleAllows for a resource request (verb, group, resource, resourceNames).</summary>
    private static bool AllowsUse(PolicyRuleSummary rule, string policyName) =>
        Rbac.VerbMatches(rule, "use")
        && (Rbac.GroupMatches(rule, "policy") || Rbac.GroupMatches(rule, "extensions"))
        && Rbac.ResourceMatches(rule, "podsecuritypolicies")
        && (rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(policyName));
}
