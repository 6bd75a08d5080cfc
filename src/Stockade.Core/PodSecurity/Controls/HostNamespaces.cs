using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// Sharing the host's network, PID or IPC namespace must be disallowed (baseline, v1.0+).
/// Upstream: <c>policy/check_hostNamespaces.go</c>.
/// </summary>
internal sealed class HostNamespaces(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-host-namespaces",
        Title = "Pod shares a host namespace (PSS baseline: Host Namespaces)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "A pod in the host's network namespace sees every interface and connection of the node; in the " +
                    "host PID namespace it can signal and inspect every process; in the host IPC namespace it can " +
                    "read other processes' shared memory.",
        Remediation = "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC (or set them to false).",
        RemediationYaml = """
            spec:
              hostNetwork: false
              hostPID: false
              hostIPC: false
            """,
        Fields =
        [
            new("spec.hostNetwork, spec.hostPID, spec.hostIPC", "false"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "Host Namespaces"), new("PSP", "hostNetwork, hostPID, hostIPC")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "hostNamespaces";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "hostNamespaces_1_0", Check_1_0)];

    private static Violation? Check_1_0(PodSubject pod)
    {
        var spec = pod.Spec;
        var where = new FirstOffence();
        var set = new List<string>();
        foreach (var (field, name) in new[] { (spec.HostNetwork, "hostNetwork"), (spec.HostPID, "hostPID"), (spec.HostIPC, "hostIPC") })
        {
            if (!field.Is(true)) continue;
            set.Add($"{name}=true");
            where.At(field);
        }
        return where.Found ? where.Violation("host namespaces", string.Join(", ", set)) : null;
    }
}
