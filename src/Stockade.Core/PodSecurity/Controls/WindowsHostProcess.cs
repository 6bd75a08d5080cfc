using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Windows HostProcess containers must be disallowed (baseline, v1.0+).
/// Upstream: <c>policy/check_windowsHostProcess.go</c>.
/// </summary>
internal sealed class WindowsHostProcess(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-windows-host-process",
        Title = "Windows HostProcess container (PSS baseline: HostProcess)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "A HostProcess container runs directly on the Windows node as a host process, with the node's " +
                    "network and filesystem: it is privileged access to the node.",
        Remediation = "Remove securityContext.windowsOptions.hostProcess (or set it to false) at pod and container level.",
        RemediationYaml = """
            securityContext:
              windowsOptions:
                hostProcess: false
            """,
        Fields =
        [
            new("spec.securityContext.windowsOptions.hostProcess, spec.containers[*].securityContext.windowsOptions.hostProcess, spec.initContainers[*].securityContext.windowsOptions.hostProcess", "undefined / false"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "HostProcess")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "windowsHostProcess";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "windowsHostProcess_1_0", Check_1_0)];

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var setters = new List<string>();
        var podHostProcess = pod.PodSecurityContext?.WindowsOptions?.HostProcess ?? default;
        if (podHostProcess.Is(true))
        {
            setters.Add("pod");
            where.At(podHostProcess);
        }
        var bad = new List<string>();
        foreach (var c in pod.Spec.AllContainers)
        {
            var hostProcess = c.SecurityContext?.WindowsOptions?.HostProcess ?? default;
            if (!hostProcess.Is(true)) continue;
            bad.Add(NameOf(c));
            where.At(hostProcess, c);
        }
        if (bad.Count > 0) setters.Add(Containers(bad));
        return where.Found
            ? where.Violation("hostProcess", $"{string.Join(" and ", setters)} must not set securityContext.windowsOptions.hostProcess=true")
            : null;
    }
}
