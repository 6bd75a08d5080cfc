using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.PodSecurity;

/// <summary>One variant of a control's check, in force from <paramref name="MinimumVersion"/> on.</summary>
/// <param name="MinimumVersion">The first policy version this variant applies to.</param>
/// <param name="Upstream">
/// The upstream check function this variant mirrors (<c>runAsNonRoot1_35</c>): the ported upstream
/// table tests find the variant to run by this name.
/// </param>
/// <param name="Check">The check: PSA's verdict for a pod, null when allowed.</param>
/// <param name="Overrides">Controls this variant replaces at the restricted level (PSA's <c>OverrideCheckIDs</c>).</param>
internal sealed record VersionedCheck(PodSecurityVersion MinimumVersion, string Upstream, Func<PodSubject, Violation?> Check, IReadOnlyList<string>? Overrides = null);

/// <summary>
/// A Pod Security Standards control, checked the way Pod Security Admission checks it at one
/// policy version: the newest variant whose minimum version is not above the profile's.
/// Each control is one rule; a profile instantiates it with the version it enforces.
/// </summary>
internal abstract class PodSecurityControl(PodSecurityVersion version) : PodRule
{
    /// <summary>The upstream check id, e.g. <c>hostNamespaces</c>, <c>capabilities_restricted</c>.</summary>
    public abstract string ControlId { get; }

    public abstract PodSecurityLevel Level { get; }

    /// <summary>Every variant, oldest first.</summary>
    public abstract IReadOnlyList<VersionedCheck> Versions { get; }

    /// <summary>The policy version this instance enforces.</summary>
    public PodSecurityVersion Version { get; } = version;

    /// <summary>The variant in force at <see cref="Version"/>, or null when the control did not exist yet.</summary>
    public VersionedCheck? Current => Versions.LastOrDefault(v => Version.AtLeast(v.MinimumVersion));

    /// <summary>Evaluates the control, returning PSA's verdict (null: allowed).</summary>
    public Violation? Evaluate(PodSubject pod) => Current?.Check(pod);

    public override void Check(PodSubject pod, RuleContext context)
    {
        if (Evaluate(pod) is { } v) context.Report(v.Position, v.Path, v.Message, v.Container, ControlId);
    }

    protected static PodSecurityVersion V1(int minor) => PodSecurityVersion.V1(minor);

    protected static Reference PssReference(PodSecurityLevel level, string control) =>
        new("PSS", $"{level.Name()}: {control}", $"https://kubernetes.io/docs/concepts/security/pod-security-standards/#{level.Name()}");
}
