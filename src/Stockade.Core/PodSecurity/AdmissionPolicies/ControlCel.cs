namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>A policy variable: its name and CEL expression.</summary>
internal sealed record CelVariable(string Name, string Expression);

/// <summary>
/// One control's check in CEL: helper variables, then a variable named as the control's id whose
/// value is PSA's <c>reason (detail)</c> for the pod, or the empty string when the pod passes.
/// </summary>
internal sealed record ControlCel(string ControlId, IReadOnlyList<CelVariable> Variables)
{
    public string MessageVariable => $"variables.{ControlId}";
}

/// <summary>
/// Every variant of every Pod Security Standards control in CEL, by the upstream check function
/// each mirrors (<see cref="VersionedCheck.Upstream"/>), so a variant added to a control without
/// its CEL is a generation error, not a silent gap.
/// </summary>
internal static class ControlCels
{
    /// <summary>The variables every control reads; the pod spec and metadata come from wherever the policy found them.</summary>
    public const string AllContainers = "variables.containers";
    public const string PodSc = "variables.podSecurityContext";
    public const string Spec = "variables.spec";
    public const string Annotations = "variables.annotations";
    public const string IsWindows = "variables.isWindows";
    public const string HostUsersFalse = "variables.hostUsersFalse";

    private static readonly Dictionary<string, Func<string, IReadOnlyList<CelVariable>>> ByUpstream = new(StringComparer.Ordinal)
    {
        ["hostNamespaces_1_0"] = BaselineCel.HostNamespaces,
        ["privileged_1_0"] = BaselineCel.Privileged,
        ["capabilitiesBaseline_1_0"] = BaselineCel.Capabilities,
        ["hostPathVolumes_1_0"] = BaselineCel.HostPathVolumes,
        ["hostPorts_1_0"] = BaselineCel.HostPorts,
        ["appArmorProfile_1_0"] = BaselineCel.AppArmor,
        ["seLinuxOptions_1_0"] = id => BaselineCel.SeLinux(id, Controls.SeLinuxOptions.AllowedTypes_1_0),
        ["seLinuxOptions1_31"] = id => BaselineCel.SeLinux(id, Controls.SeLinuxOptions.AllowedTypes_1_31),
        ["procMount_1_0"] = id => BaselineCel.ProcMount(id, relaxForUserNamespaces: false),
        ["procMount1_35baseline"] = id => BaselineCel.ProcMount(id, relaxForUserNamespaces: true),
        ["seccompProfileBaseline_1_0"] = BaselineCel.SeccompAnnotations,
        ["seccompProfileBaseline_1_19"] = BaselineCel.SeccompFields,
        ["sysctlsV1Dot0"] = id => BaselineCel.Sysctls(id, Controls.Sysctls.Allowed_1_0),
        ["sysctlsV1Dot27"] = id => BaselineCel.Sysctls(id, Controls.Sysctls.Allowed_1_27),
        ["sysctlsV1Dot29"] = id => BaselineCel.Sysctls(id, Controls.Sysctls.Allowed_1_29),
        ["sysctlsV1Dot32"] = id => BaselineCel.Sysctls(id, Controls.Sysctls.Allowed_1_32),
        ["sysctlsV1Dot37"] = id => BaselineCel.Sysctls(id, Controls.Sysctls.Allowed_1_37),
        ["windowsHostProcess_1_0"] = BaselineCel.WindowsHostProcess,
        ["hostProbesAndHostLifecycleV1Dot34"] = BaselineCel.HostProbesAndLifecycle,

        ["restrictedVolumes_1_0"] = RestrictedCel.Volumes,
        ["allowPrivilegeEscalation_1_8"] = id => RestrictedCel.AllowPrivilegeEscalation(id, exemptWindows: false),
        ["allowPrivilegeEscalation_1_25"] = id => RestrictedCel.AllowPrivilegeEscalation(id, exemptWindows: true),
        ["capabilitiesRestricted_1_22"] = id => RestrictedCel.Capabilities(id, exemptWindows: false),
        ["capabilitiesRestricted_1_25"] = id => RestrictedCel.Capabilities(id, exemptWindows: true),
        ["runAsNonRoot_1_0"] = id => RestrictedCel.RunAsNonRoot(id, relaxForUserNamespaces: false),
        ["runAsNonRoot1_35"] = id => RestrictedCel.RunAsNonRoot(id, relaxForUserNamespaces: true),
        ["runAsUser_1_23"] = id => RestrictedCel.RunAsUser(id, relaxForUserNamespaces: false),
        ["runAsUser1_35"] = id => RestrictedCel.RunAsUser(id, relaxForUserNamespaces: true),
        ["seccompProfileRestricted_1_19"] = id => RestrictedCel.Seccomp(id, exemptWindows: false),
        ["seccompProfileRestricted_1_25"] = id => RestrictedCel.Seccomp(id, exemptWindows: true),
    };

    /// <exception cref="InvalidOperationException">The control's variant in force has no CEL here.</exception>
    public static ControlCel For(PodSecurityControl control)
    {
        var variant = control.Current ?? throw new InvalidOperationException($"{control.ControlId} does not exist at {control.Version}");
        if (!ByUpstream.TryGetValue(variant.Upstream, out var build))
        {
            throw new InvalidOperationException($"no CEL for {control.ControlId} variant {variant.Upstream}");
        }
        return new ControlCel(control.ControlId, build(control.ControlId));
    }

    /// <summary>The message variable: PSA's wording when <paramref name="failing"/>, else empty.</summary>
    internal static CelVariable Message(string id, string failing, string reason, string detail) =>
        new(id, $"!({failing}) ? '' : {reason} + ' (' + {detail} + ')'");
}
