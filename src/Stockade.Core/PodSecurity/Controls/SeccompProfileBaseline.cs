using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// A seccomp profile, when given, must not be Unconfined (baseline). Up to v1.18 PSA reads the
/// alpha annotations; from v1.19 the <c>seccompProfile</c> fields.
/// Upstream: <c>policy/check_seccompProfile_baseline.go</c>.
/// </summary>
internal sealed class SeccompProfileBaseline(PodSecurityVersion version) : PodSecurityControl(version)
{
    internal const string PodAnnotation = LegacyAnnotations.SeccompPod;
    internal const string ContainerAnnotationPrefix = LegacyAnnotations.SeccompContainerPrefix;

    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-seccomp-profile-baseline",
        Title = "Seccomp disabled (PSS baseline: Seccomp)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Unconfined seccomp lets the container call every system call, including rarely used ones " +
                    "whose kernel bugs are the usual way out of a container.",
        Remediation = "Set seccompProfile.type to RuntimeDefault or Localhost, or leave it unset.",
        RemediationYaml = """
            securityContext:
              seccompProfile:
                type: RuntimeDefault
            """,
        Fields =
        [
            new("metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'], metadata.annotations['container.seccomp.security.alpha.kubernetes.io/*'] (v1.0 - v1.18)", "'runtime/default', 'docker/default', 'localhost/*', undefined"),
            new("spec.securityContext.seccompProfile.type, spec.containers[*].securityContext.seccompProfile.type, spec.initContainers[*].securityContext.seccompProfile.type (v1.19+)", "'RuntimeDefault', 'Localhost', undefined"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "Seccomp")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "seccompProfile_baseline";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "seccompProfileBaseline_1_0", Check_1_0), new(V1(19), "seccompProfileBaseline_1_19", Check_1_19)];

    internal static bool ValidType(ProfileModel profile) => StringOrEmpty(profile.Type) is "RuntimeDefault" or "Localhost";

    private static bool ValidAnnotationValue(string value) =>
        value is "runtime/default" or "docker/default" || value.StartsWith("localhost/", StringComparison.Ordinal);

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var forbidden = new List<string>();
        if (pod.PodAnnotations.TryGetValue(PodAnnotation, out var podValue) && !ValidAnnotationValue(podValue.Value))
        {
            forbidden.Add($"{PodAnnotation}={GoQuote(podValue.Value)}");
            where.At(podValue);
        }
        foreach (var c in pod.Spec.AllContainers)
        {
            var key = ContainerAnnotationPrefix + NameOf(c);
            if (!pod.PodAnnotations.TryGetValue(key, out var value) || ValidAnnotationValue(value.Value)) continue;
            forbidden.Add($"{key}={GoQuote(value.Value)}");
            where.At(value, c);
        }
        var sorted = SortedSet(forbidden);
        return where.Found
            ? where.Violation("seccompProfile", $"forbidden {Pluralize("annotation", "annotations", sorted.Count)} {string.Join(", ", sorted)}")
            : null;
    }

    private static Violation? Check_1_19(PodSubject pod)
    {
        var where = new FirstOffence();
        var setters = new List<string>();
        var badValues = new List<string>();
        if (pod.PodSecurityContext?.SeccompProfile is { } podProfile && !ValidType(podProfile))
        {
            setters.Add("pod");
            badValues.Add(StringOrEmpty(podProfile.Type));
            where.At(podProfile.Position, podProfile.Path);
        }
        var bad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            if (c.SecurityContext?.SeccompProfile is not { } profile || ValidType(profile)) continue;
            bad.Add(NameOf(c));
            badValues.Add(StringOrEmpty(profile.Type));
            where.At(profile.Position, profile.Path, c);
        }
        if (bad.Count > 0) setters.Add(Containers(bad));
        return where.Found
            ? where.Violation("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(SortedSet(badValues))}")
            : null;
    }
}
