using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Privileged containers disable most security mechanisms and must be disallowed (baseline, v1.0+).
/// Upstream: <c>policy/check_privileged.go</c>.
/// </summary>
internal sealed class Privileged(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-privileged",
        Title = "Container runs privileged (PSS baseline: Privileged Containers)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "A privileged container gets every capability and every host device and runs without seccomp or " +
                    "AppArmor confinement: root in it is root on the node.",
        Remediation = "Remove securityContext.privileged from every container (or set it to false).",
        RemediationYaml = """
            securityContext:
              privileged: false
            """,
        Fields =
        [
            new("spec.containers[*].securityContext.privileged, spec.initContainers[*].securityContext.privileged", "false, undefined/null"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "Privileged Containers"), new("PSP", "privileged")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "privileged";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "privileged_1_0", Check_1_0)];

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var privileged = c.SecurityContext?.Privileged ?? default;
            if (!privileged.Is(true)) continue;
            bad.Add(NameOf(c));
            where.At(privileged, c);
        }
        return where.Found ? where.Violation("privileged", $"{Containers(bad)} must not set securityContext.privileged=true") : null;
    }
}
