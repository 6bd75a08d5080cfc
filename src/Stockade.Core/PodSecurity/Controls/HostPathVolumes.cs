using Stockade.Engine;
using Stockade.Kube;
using static Stockade.PodSecurity.PsaText;

namespace Stockade.PodSecurity.Controls;

/// <summary>
/// HostPath volumes must be forbidden (baseline, v1.0+).
/// Upstream: <c>policy/check_hostPathVolumes.go</c>.
/// </summary>
internal sealed class HostPathVolumes(PodSecurityVersion version) : PodSecurityControl(version)
{
    private static readonly RuleMetadata Meta = new()
    {
        Id = "pss-host-path-volumes",
        Title = "Pod mounts a hostPath volume (PSS baseline: HostPath Volumes)",
        Severity = Severity.High,
        Category = "pod-security-standards",
        Rationale = "A hostPath volume exposes the node's filesystem: the container runtime socket, kubelet " +
                    "credentials, other pods' data. Writing to it is usually a direct path to node takeover.",
        Remediation = "Replace hostPath volumes with emptyDir, configMap, secret, projected or persistent volumes.",
        RemediationYaml = """
            volumes:
            - name: scratch
              emptyDir: {}
            """,
        Fields =
        [
            new("spec.volumes[*].hostPath", "undefined/null"),
        ],
        References = [PssReference(PodSecurityLevel.Baseline, "HostPath Volumes"), new("PSP", "volumes, allowedHostPaths")],
    };

    public override RuleMetadata Metadata => Meta;
    public override string ControlId => "hostPathVolumes";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override IReadOnlyList<VersionedCheck> Versions { get; } = [new(V1(0), "hostPathVolumes_1_0", Check_1_0)];

    private static Violation? Check_1_0(PodSubject pod)
    {
        var where = new FirstOffence();
        var bad = new List<string>();
        foreach (var volume in pod.Spec.Volumes)
        {
            if (volume.HostPath == null) continue;
            bad.Add(StringOrEmpty(volume.Name));
            where.At(volume.HostPath.Position, volume.HostPath.Path);
        }
        return where.Found ? where.Violation("hostPath volumes", $"{Pluralize("volume", "volumes", bad.Count)} {JoinQuote(bad)}") : null;
    }
}
