using Stockade.PodSecurity.Controls;

namespace Stockade.PodSecurity;

/// <summary>Every Pod Security Standards control. Adding a control is adding its file and one line here.</summary>
internal static class PodSecurityControls
{
    public static IReadOnlyList<PodSecurityControl> At(PodSecurityVersion version) =>
    [
        // Baseline.
        new HostNamespaces(version),
        new Privileged(version),
        new CapabilitiesBaseline(version),
        new HostPathVolumes(version),
        new HostPorts(version),
        new AppArmorProfile(version),
        new SeLinuxOptions(version),
        new ProcMount(version),
        new SeccompProfileBaseline(version),
        new Sysctls(version),
        new WindowsHostProcess(version),
        new HostProbesAndHostLifecycle(version),

        // Restricted.
        new RestrictedVolumes(version),
        new AllowPrivilegeEscalation(version),
        new CapabilitiesRestricted(version),
        new RunAsNonRoot(version),
        new RunAsUser(version),
        new SeccompProfileRestricted(version),
        new ProcMountRestricted(version),
    ];

    /// <summary>
    /// The controls Pod Security Admission evaluates for a level and version: those of the level
    /// and below that exist at the version, minus those a restricted control replaces there.
    /// </summary>
    public static IReadOnlyList<PodSecurityControl> For(PodSecurityLevel level, PodSecurityVersion version) => Select(At(version), level);

    /// <summary>
    /// Upstream's registry (<c>policy/registry.go</c>) over any set of controls instantiated at one
    /// version: those of the level and below that exist there, minus those overridden there.
    /// </summary>
    public static IReadOnlyList<PodSecurityControl> Select(IEnumerable<PodSecurityControl> controls, PodSecurityLevel level)
    {
        var inForce = controls.Where(c => c.Level <= level && c.Current != null).ToList();
        var overridden = inForce.SelectMany(c => c.Current!.Overrides ?? []).ToHashSet(StringComparer.Ordinal);
        return inForce.Where(c => !overridden.Contains(c.ControlId)).ToList();
    }
}
