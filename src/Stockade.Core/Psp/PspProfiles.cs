using Stockade.Engine;

namespace Stockade.Psp;

/// <summary>Adds the PodSecurityPolicy rules to a profile when policies are given.</summary>
internal static class PspProfiles
{
    /// <summary>
    /// The profile's rules plus <c>psp</c> (checking against <paramref name="policies"/>) and
    /// <c>psp-invalid</c>; a profile without rules (<c>none</c>) becomes <see cref="Only"/>.
    /// </summary>
    public static Profile With(Profile profile, IReadOnlyList<PspPolicy> policies, PspAuthorizer? authorizer = null) => profile.Rules.Count == 0 ? Only(policies, authorizer) : new(
        profile.Name + "+psp",
        profile.Description + $" Plus PodSecurityPolicy admission against {policies.Count} polic{(policies.Count == 1 ? "y" : "ies")}.",
        profile.Rules.Where(r => r.Id is not (PspRule.RuleId or PspInvalidPolicyRule.RuleId)).Concat([new PspRule(policies, authorizer), new PspInvalidPolicyRule()]));

    /// <summary>A profile with only the PodSecurityPolicy rules: what a cluster with only PSP enforced.</summary>
    public static Profile Only(IReadOnlyList<PspPolicy> policies, PspAuthorizer? authorizer = null) =>
        new("psp", "PodSecurityPolicy admission only.", [new PspRule(policies, authorizer), new PspInvalidPolicyRule()]);

    /// <summary>The profile plus <c>psp-invalid</c> only: PodSecurityPolicies are validated, no pod is judged against them.</summary>
    public static Profile Validating(Profile profile) =>
        profile.Rules.Any(r => r.Id == PspInvalidPolicyRule.RuleId) ? profile : new(profile.Name, profile.Description, [.. profile.Rules, new PspInvalidPolicyRule()]);
}
