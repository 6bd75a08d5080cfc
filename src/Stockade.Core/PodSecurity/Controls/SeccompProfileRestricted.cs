using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// A seccomp profile must be set, RuntimeDefault or Localhost, on the pod or on every container
/// (restricted, v1.19+; replaces the baseline seccomp control). From v1.25 Windows pods are exempt.
/// Upstream: <c>policy/check_seccompProfile_restricted.go</c>.
/// </summary>
internal sealed class SeccompProfileRestricted(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-seccomp-profile-restricted",
        Title = "Seccomp profile not set (PSS restricted: Seccomp)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Without a seccomp profile a container may call every system call; RuntimeDefault blocks the " +
                    "rarely needed ones whose kernel bugs are common escape routes.",
        Remediation = "Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) at pod level.",
        RemediationYaml = """
            spec:
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
            """,
        Fields =
        [
            new("spec.securityContext.seccompProfile.type, spec.containers[*].securityContext.seccompProfile.type, spec.initContainers[*].securityContext.seccompProfile.type", "'RuntimeDefault', 'Localhost'; container-level fields may be undefined if pod-level field is specified"),
        ],
        References = [PssReference(PodSecurityLevel.Restricted, "Seccomp")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "seccompProfile_restricted";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<VersionedCheck> Versions { get; } =
    [
        new(V1(19), "seccompProfileRestricted_1_19", Check_1_19, ["seccompProfile_baseline"]),
        new(V1(25), "seccompProfileRestricted_1_25", Check_1_25, ["seccompProfile_baseline"]),
    ];

    private static Violation? Check_1_25(PodSubject pod) => pod.Spec.IsWindows ? null : Check_1_19(pod);

    private static Violation? Check_1_19(PodSubject pod)
    {
        var explicitWhere = new FirstOffence();
        var implicitWhere = new FirstOffence();
        var setters = new List<string>();
        var badValues = new List<string>();
        var podSet = false;
        if (pod.PodSecurityContext?.SeccompProfile is { } podProfile)
        {
            if (SeccompProfileBaseline.ValidType(podProfile)) podSet = true;
            else
            {
                setters.Add("pod");
                badValues.Add(StringOrEmpty(podProfile.Type));
                explicitWhere.At(podProfile.Position, podProfile.Path);
            }
        }
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            if (c.SecurityContext?.SeccompProfile is { } profile)
            {
                if (SeccompProfileBaseline.ValidType(profile)) continue;
                explicitlyBad.Add(NameOf(c));
                badValues.Add(StringOrEmpty(profile.Type));
                explicitWhere.At(profile.Position, profile.Path, c);
            }
            else if (!podSet)
            {
                implicitlyBad.Add(NameOf(c));
                implicitWhere.At(c.SecurityContext?.Position ?? c.Position, FieldPaths.Join(c.Path, "securityContext"), c);
            }
        }
        if (explicitlyBad.Count > 0) setters.Add(Containers(explicitlyBad));
        if (setters.Count > 0)
        {
            return explicitWhere.Violation("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(SortedSet(badValues))}");
        }
        return implicitlyBad.Count > 0
            ? implicitWhere.Violation("seccompProfile", $"pod or {Containers(implicitlyBad)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"")
            : null;
    }
}
