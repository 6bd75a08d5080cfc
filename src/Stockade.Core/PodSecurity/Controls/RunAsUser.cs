using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Neither the pod nor a container may set runAsUser=0 (restricted, v1.23+). From v1.35 a pod in
/// its own user namespace (<c>hostUsers: false</c>) is exempt, as for runAsNonRoot; v1.23–v1.34
/// do not relax it. Upstream: <c>policy/check_runAsUser.go</c>.
/// </summary>
internal sealed class RunAsUser(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-run-as-user",
        Title = "Runs as UID 0 (PSS restricted: Running as Non-root user)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "runAsUser: 0 runs the container as root explicitly, which defeats runAsNonRoot and gives any " +
                    "escape the node's root user.",
        Remediation = "Set runAsUser to a non-zero UID, or leave it unset and rely on a non-root image user.",
        RemediationYaml = """
            securityContext:
              runAsUser: 10001
            """,
        Fields =
        [
            new("spec.securityContext.runAsUser, spec.containers[*].securityContext.runAsUser, spec.initContainers[*].securityContext.runAsUser", "non-zero values, undefined/null"),
        ],
        References = [PssReference(PodSecurityLevel.Restricted, "Running as Non-root user"), new("PSP", "runAsUser")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "runAsUser";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override IReadOnlyList<VersionedCheck> Versions { get; } =
    [
        new(V1(23), "runAsUser_1_23", Check_1_23),
        new(V1(35), "runAsUser1_35", Check_1_35),
    ];

    private static Violation? Check_1_35(PodSubject pod) => UserNamespaces.Relaxed(pod) ? null : Check_1_23(pod);

    private static Violation? Check_1_23(PodSubject pod)
    {
        var where = new FirstOffence();
        var setters = new List<string>();
        var podUser = pod.PodSecurityContext?.RunAsUser ?? default;
        if (podUser.Is(0))
        {
            setters.Add("pod");
            where.At(podUser);
        }
        var bad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var user = c.SecurityContext?.RunAsUser ?? default;
            if (!user.Is(0)) continue;
            bad.Add(NameOf(c));
            where.At(user, c);
        }
        if (bad.Count > 0) setters.Add(Containers(bad));
        return where.Found ? where.Violation("runAsUser=0", $"{string.Join(" and ", setters)} must not set runAsUser=0") : null;
    }
}
