using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Every container must set allowPrivilegeEscalation=false (restricted, v1.8+). From v1.25 Windows
/// pods are exempt: the field does not exist on Windows and the API server rejects it there.
/// Upstream: <c>policy/check_allowPrivilegeEscalation.go</c>.
/// </summary>
internal sealed class AllowPrivilegeEscalation(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-allow-privilege-escalation",
        Title = "Privilege escalation not disabled (PSS restricted: Privilege Escalation)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "Unless allowPrivilegeEscalation is false, a process can gain privileges through setuid or " +
                    "setgid binaries or file capabilities (no_new_privs is not set).",
        Remediation = "Set securityContext.allowPrivilegeEscalation: false on every container.",
        RemediationYaml = """
            securityContext:
              allowPrivilegeEscalation: false
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.allowPrivilegeEscalation, spec.initContainers[*].securityContext.allowPrivilegeEscalation", "false"),
        ],
        References = [PssReference(PodSecurityLevel.Restricted, "Privilege Escalation"), new("PSP", "allowPrivilegeEscalation")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "allowPrivilegeEscalation";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(8), "allowPrivilegeEscalation_1_8", Check_1_8), new(V1(25), "allowPrivilegeEscalation_1_25", Check_1_25)];

    private static Violation? Check_1_25(PodSubject pod) => pod.Spec.IsWindows ? null : Check_1_8(pod);

    private static Violation? Check_1_8(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var ape = c.SecurityContext?.AllowPrivilegeEscalation ?? default;
            if (ape.Is(false)) continue;
            bad.Add(NameOf(c));
            if (ape.IsSet) where.At(ape, c);
            else where.At(c.SecurityContext?.Position ?? c.Position, FieldPaths.Join(c.Path, "securityContext"), c);
        }
        return where.Found
            ? where.Violation("allowPrivilegeEscalation != false", $"{Containers(bad)} must set securityContext.allowPrivilegeEscalation=false")
            : null;
    }
}
