using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Restricted keeps the default /proc masks even in a user namespace (v1.35+, replacing the
/// baseline procMount control, which from v1.35 lets <c>hostUsers: false</c> pods unmask /proc).
/// Upstream: <c>policy/check_procMount_restricted.go</c>.
/// </summary>
internal sealed class ProcMountRestricted(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-proc-mount-restricted",
        Title = "Container unmasks /proc, even in a user namespace (PSS restricted: /proc Mount Type)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Restricted pods keep the default /proc masks whether or not they run in a user namespace, so a " +
                    "kernel bug reachable through an unmasked /proc file cannot be used from them.",
        Remediation = "Remove securityContext.procMount (or set it to Default).",
        RemediationYaml = """
            securityContext:
              procMount: Default
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.procMount, spec.initContainers[*].securityContext.procMount", "undefined/null, \"Default\""),
        ],
        References = [PssReference(PodSecurityLevel.Restricted, "/proc Mount Type")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "procMount_restricted";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(35), "procMount_1_0", ProcMount.DefaultOnly, ["procMount"])];
}
