using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Overriding or disabling the default AppArmor profile must be prevented (baseline, v1.0+):
/// <c>appArmorProfile.type</c> must be RuntimeDefault or Localhost, and the deprecated
/// <c>container.apparmor.security.beta.kubernetes.io/*</c> annotations <c>runtime/default</c>,
/// <c>localhost/*</c> or empty. PSA applies the field check at every version.
/// Upstream: <c>policy/check_appArmorProfile.go</c>.
/// </summary>
internal sealed class AppArmorProfile(PodSecurityVersion version) : PodSecurityControl(version)
{
    private const string AnnotationPrefix = LegacyAnnotations.AppArmorContainerPrefix;

    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-apparmor-profile",
        Title = "AppArmor confinement disabled or overridden (PSS baseline: AppArmor)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "An unconfined container loses the runtime's default AppArmor profile, which blocks mounts, " +
                    "raw access to /proc and /sys files and other common escape steps.",
        Remediation = "Use appArmorProfile.type RuntimeDefault or Localhost (or leave it unset); drop 'unconfined' annotations.",
        RemediationYaml = """
            securityContext:
              appArmorProfile:
                type: RuntimeDefault
            """,
        Fields =
        [
            new("spec.securityContext.appArmorProfile.type, spec.containers[*].securityContext.appArmorProfile.type, spec.initContainers[*].securityContext.appArmorProfile.type, spec.ephemeralContainers[*].securityContext.appArmorProfile.type", "'RuntimeDefault', 'Localhost', undefined"),
            new("metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']", "'runtime/default', 'localhost/*', empty, undefined"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "AppArmor")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "appArmorProfile";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "appArmorProfile_1_0", Check_1_0)];

    private static bool AllowedType(ProfileModel profile) => StringOrEmpty(profile.Type) is "RuntimeDefault" or "Localhost";

    private static bool AllowedAnnotationValue(string value) =>
        value.Length == 0 || value == "runtime/default" || value.StartsWith("localhost/", StringComparison.Ordinal);

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var setters = new List<string>();
        var badValues = new List<string>();
        if (pod.PodSecurityContext?.AppArmorProfile is { } podProfile && !AllowedType(podProfile))
        {
            setters.Add("pod");
            badValues.Add(StringOrEmpty(podProfile.Type));
            where.At(podProfile.Position, podProfile.Path);
        }
        var bad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            if (c.SecurityContext?.AppArmorProfile is not { } profile || AllowedType(profile)) continue;
            bad.Add(NameOf(c));
            badValues.Add(StringOrEmpty(profile.Type));
            where.At(profile.Position, profile.Path, c);
        }
        if (bad.Count > 0) setters.Add(Containers(bad));

        var annotations = new List<string>();
        foreach (var (key, value) in pod.PodAnnotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith(AnnotationPrefix, StringComparison.Ordinal) || AllowedAnnotationValue(value.Value)) continue;
            annotations.Add($"{key}={GoQuote(value.Value)}");
            where.At(value);
        }
        var values = SortedSet(badValues);
        if (annotations.Count > 0)
        {
            values.AddRange(annotations);
            setters.Add(Pluralize("annotation", "annotations", annotations.Count));
        }
        return where.Found
            ? where.Violation(
                Pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.Count),
                $"{string.Join(" and ", setters)} must not set AppArmor profile type to {JoinQuote(values)}")
            : null;
    }
}
