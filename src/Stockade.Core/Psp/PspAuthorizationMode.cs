using Stockade.Kube;

namespace Stockade.Psp;

/// <summary><c>--psp-authorization</c>: where the answer to "may this pod use this policy" comes from.</summary>
internal enum PspAuthorizationMode
{
    /// <summary>The RBAC objects in the input when it holds any, otherwise every policy usable (with a note).</summary>
    Auto,

    /// <summary>The Roles, ClusterRoles and bindings in the input, over the bootstrap policy.</summary>
    Bundle,

    /// <summary>Every policy usable by every pod.</summary>
    All,
}

internal static class PspAuthorizationModes
{
    public const string Option = "--psp-authorization";

    public static bool TryParse(string text, out PspAuthorizationMode mode)
    {
        mode = text switch { "auto" => PspAuthorizationMode.Auto, "bundle" => PspAuthorizationMode.Bundle, "all" => PspAuthorizationMode.All, _ => (PspAuthorizationMode)(-1) };
        return Enum.IsDefined(mode);
    }

    /// <summary>
    /// The authorizer for a mode, given the input's objects (any kinds; the RBAC ones are read).
    /// <paramref name="note"/> says when <c>auto</c> found no RBAC object and made every policy usable.
    /// </summary>
    public static PspAuthorizer Resolve(PspAuthorizationMode mode, IEnumerable<KubeObject> objects, PspRequester requester, out string? note)
    {
        note = null;
        if (mode == PspAuthorizationMode.All) return PspAuthorizer.Everyone;
        var rbac = objects.Where(PspAuthorizer.IsRbac).ToList();
        if (mode == PspAuthorizationMode.Auto && rbac.Count == 0)
        {
            note = $"no Role, ClusterRole, RoleBinding or ClusterRoleBinding among the inputs: every PodSecurityPolicy is treated as usable by every pod ({Option} all); give the RBAC objects, or {Option} bundle to judge by the built-in roles alone";
            return PspAuthorizer.Everyone;
        }
        return PspAuthorizer.From(rbac, requester);
    }
}
