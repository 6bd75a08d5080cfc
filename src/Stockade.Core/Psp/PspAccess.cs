namespace Stockade.Psp;

/// <summary>
/// An identity asking to <c>use</c> a PodSecurityPolicy, as the authorizer sees it (Kubernetes'
/// <c>user.Info</c>): name, groups, and — at admission, from the request's <c>userInfo</c> — uid and extra.
/// </summary>
internal sealed record PspUser(string Name, IReadOnlyList<string> Groups, string? Uid = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra = null)
{
    /// <summary>
    /// A pod's service account as the 1.24 plugin built it (<c>serviceaccount.UserInfo(ns, name, "")</c>):
    /// user <c>system:serviceaccount:NS:NAME</c>, groups <c>system:serviceaccounts</c> and
    /// <c>system:serviceaccounts:NS</c> only, no uid.
    /// </summary>
    public static PspUser ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}"]);
}

/// <summary>
/// Answers "may this identity <c>use</c> the PodSecurityPolicy named so, in this namespace": verb
/// <c>use</c>, resource <c>podsecuritypolicies</c>, API group <c>policy</c> or (for old grants)
/// <c>extensions</c>, as the 1.24 plugin's authorizedForPolicy asked.
/// </summary>
internal interface IPspAccess
{
    /// <exception cref="PspAccessException">The authorizer could not be asked (the caller must not guess).</exception>
    bool MayUse(PspUser user, string ns, string policyName);
}

/// <summary>The authorizer could not answer (API server down, slow, failing): the decision is the host's failure policy, never an allow.</summary>
internal sealed class PspAccessException(string message, Exception? inner = null) : Exception(message, inner);
