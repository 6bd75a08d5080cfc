using Stockade.Engine;
using Stockade.Kube;
using Stockade.Rules.Rbac;

namespace Stockade.Psp;

/// <summary>
/// Who creates the pods: <c>--psp-requester</c> / <c>--psp-requester-group</c> offline, the
/// request's <c>userInfo</c> at admission. Only a Pod is created by its requester; a workload's pods
/// are created by its controller, so the requester's grants do not make a pod template's policies usable.
/// </summary>
internal sealed record PspRequester(string? User, IReadOnlyList<string> Groups)
{
    public static readonly PspRequester None = new(null, []);

    public string? Uid { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra { get; init; }

    public bool IsGiven => User != null || Groups.Count > 0;

    public string Display => User != null ? (Groups.Count > 0 ? $"{User} (groups {string.Join(", ", Groups)})" : User) : $"groups {string.Join(", ", Groups)}";

    public PspUser AsUser => new(User ?? "", Groups, Uid, Extra);
}

/// <summary>
/// Which PodSecurityPolicies a pod may use, as the 1.24 admission plugin asked the authorizer
/// (isAuthorizedForPolicy): verb <c>use</c> on <c>podsecuritypolicies</c> named after the policy,
/// in API group <c>policy</c> or <c>extensions</c>, in the pod's namespace — for the pod's service
/// account first, then for the requesting user. The answer comes from an <see cref="IPspAccess"/>:
/// a bundle's RBAC objects offline, SubjectAccessReviews at admission. <see cref="Everyone"/> treats
/// every policy as usable.
/// </summary>
internal sealed class PspAuthorizer
{
    private readonly IPspAccess? _access;
    private readonly PspRequester _requester;
    private readonly string? _namespace;

    private PspAuthorizer(IPspAccess? access, PspRequester requester, string? ns = null)
    {
        _access = access;
        _requester = requester;
        _namespace = ns;
    }

    /// <summary>Every policy usable by every pod: no authorizer consulted.</summary>
    public static readonly PspAuthorizer Everyone = new(null, PspRequester.None);

    /// <summary>
    /// Policies usable as <paramref name="access"/> answers for the pod's service account and
    /// <paramref name="requester"/>, asked in <paramref name="requestNamespace"/> at admission (the
    /// plugin asked in <c>a.GetNamespace()</c>, whatever the object's own metadata says or omits).
    /// </summary>
    public static PspAuthorizer Asking(IPspAccess access, PspRequester requester, string? requestNamespace = null) =>
        new(access, requester, string.IsNullOrEmpty(requestNamespace) ? null : requestNamespace);

    /// <summary>Policies usable as the RBAC objects of <paramref name="rbac"/> (and the bootstrap policy) grant them.</summary>
    public static PspAuthorizer From(RbacPolicy rbac, PspRequester requester) => new(new RbacPspAccess(rbac), requester);

    /// <summary>From scanned objects: their Roles, ClusterRoles and bindings (the API server would reject the rejected ones, so they grant nothing).</summary>
    public static PspAuthorizer From(IEnumerable<KubeObject> rbacObjects, PspRequester requester) =>
        From(RbacPolicy.Of(new Inventory(rbacObjects.Where(IsRbac).Select(o => InventoryEntry.Of(o, null, [])).Where(e => !e.Rejected).ToList())), requester);

    public static readonly IReadOnlySet<string> RbacKinds = new HashSet<string>(StringComparer.Ordinal) { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" };

    public static bool IsRbac(KubeObject o) => RbacKinds.Contains(o.Kind) && o.Group == Rbac.Group;

    /// <summary>Null when the pod may use the policy; otherwise why not.</summary>
    /// <exception cref="PspAccessException">The authorizer could not be asked.</exception>
    public string? WhyNotUsable(PspPolicy policy, PodSubject pod)
    {
        if (_access == null) return null;
        // The ServiceAccount admission plugin, which runs first, names "default" when the pod names none.
        var ns = _namespace ?? pod.Object.Ref.Namespace ?? "";
        var account = pod.Spec.ServiceAccountName is { IsSet: true, Value.Length: > 0 } sa ? sa.Value : "default";
        var serviceAccount = PspUser.ServiceAccount(ns, account);
        if (_access.MayUse(serviceAccount, ns, policy.Name)) return null;
        var who = serviceAccount.Name;
        if (_requester.IsGiven && pod.Object.Kind == "Pod")
        {
            if (_access.MayUse(_requester.AsUser, ns, policy.Name)) return null;
            who += " or " + _requester.Display;
        }
        var where = ns.Length > 0 ? $" in namespace \"{ns}\"" : "";
        return $"no grant of use on podsecuritypolicy \"{policy.Name}\" for {who}{where}";
    }
}
