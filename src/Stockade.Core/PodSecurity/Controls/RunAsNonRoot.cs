using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Containers must run as non-root: runAsNonRoot=true on the pod or on every container, and never
/// false anywhere (restricted, v1.0+). From v1.35 a pod in its own user namespace
/// (<c>hostUsers: false</c>) is exempt, since its root is not the host's root; v1.0–v1.34 do not
/// relax it (upstream removed the old feature-gated relaxation from the 1.0 variant when it added
/// the 1.35 one). Upstream: <c>policy/check_runAsNonRoot.go</c>.
/// </summary>
internal sealed class RunAsNonRoot(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-run-as-non-root",
        Title = "Container may run as root (PSS restricted: Running as Non-root)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "With runAsNonRoot=true the kubelet refuses to start a container whose user is root, so an " +
                    "image that defaults to root cannot quietly run with UID 0.",
        Remediation = "Set securityContext.runAsNonRoot: true at pod level (and never false on a container).",
        RemediationYaml = """
            spec:
              securityContext:
                runAsNonRoot: true
            """,
        Fields =
        [
            new("spec.securityContext.runAsNonRoot, spec.containers[*].securityContext.runAsNonRoot, spec.initContainers[*].securityContext.runAsNonRoot", "true; undefined/null at container-level if pod-level is set to true"),
        ],
        References = [PssReference(PodSecurityLevel.Restricted, "Running as Non-root"), new("PSP", "runAsUser: MustRunAsNonRoot")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "runAsNonRoot";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override IReadOnlyList<VersionedCheck> Versions { get; } =
    [
        new(V1(0), "runAsNonRoot_1_0", Check_1_0),
        new(V1(35), "runAsNonRoot1_35", Check_1_35),
    ];

    private static Violation? Check_1_35(PodSubject pod) => UserNamespaces.Relaxed(pod) ? null : Check_1_0(pod);

    private static Violation? Check_1_0(PodSubject pod)
    {
        var explicitWhere = new FirstOffence();
        var implicitWhere = new FirstOffence();
        var setters = new List<string>();
        var podRunAsNonRoot = false;
        var podField = pod.PodSecurityContext?.RunAsNonRoot ?? default;
        if (podField.IsSet)
        {
            if (podField.Value) podRunAsNonRoot = true;
            else
            {
                setters.Add("pod");
                explicitWhere.At(podField);
            }
        }
        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var own = c.SecurityContext?.RunAsNonRoot ?? default;
            if (own.IsSet)
            {
                if (own.Value) continue;
                explicitlyBad.Add(NameOf(c));
                explicitWhere.At(own, c);
            }
            else if (!podRunAsNonRoot)
            {
                implicitlyBad.Add(NameOf(c));
                implicitWhere.At(c.SecurityContext?.Position ?? c.Position, FieldPaths.Join(c.Path, "securityContext"), c);
            }
        }
        if (explicitlyBad.Count > 0) setters.Add(Containers(explicitlyBad));
        if (setters.Count > 0)
        {
            return explicitWhere.Violation("runAsNonRoot != true", $"{string.Join(" and ", setters)} must not set securityContext.runAsNonRoot=false");
        }
        return implicitlyBad.Count > 0
            ? implicitWhere.Violation("runAsNonRoot != true", $"pod or {Containers(implicitlyBad)} must set securityContext.runAsNonRoot=true")
            : null;
    }
}
