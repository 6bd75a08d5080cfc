namespace Stockade.Webhook;

internal enum RouteKind
{
    /// <summary><c>/validate/{profile}</c>: a Stockade profile (restricted:v1.30, baseline, hardened…).</summary>
    ValidateProfile,
    /// <summary><c>/validate/psp</c>: admitted as written by one of the configured PodSecurityPolicies.</summary>
    ValidatePsp,
    /// <summary><c>/mutate/psp</c>: PodSecurityPolicy defaulting, answered as a JSON Patch.</summary>
    MutatePsp,
    /// <summary><c>/validate/policies</c>: the configured ValidatingAdmissionPolicies, as the API server's own plugin evaluates them.</summary>
    ValidatePolicies,
}

/// <summary>An admission route: what it evaluates, and its name in metrics and the audit log.</summary>
/// <param name="Profile">The profile name for <see cref="RouteKind.ValidateProfile"/>.</param>
internal sealed record AdmissionRoute(RouteKind Kind, string Profile)
{
    /// <summary>The key its mode is configured under: the profile name, or <c>psp</c>.</summary>
    public string ModeKey => Kind switch
    {
        RouteKind.ValidateProfile => Profile,
        RouteKind.ValidatePolicies => "policies",
        _ => "psp",
    };

    public string Path => Kind switch
    {
        RouteKind.ValidateProfile => $"/validate/{Profile}",
        RouteKind.ValidatePsp => "/validate/psp",
        RouteKind.ValidatePolicies => "/validate/policies",
        _ => "/mutate/psp",
    };
}
