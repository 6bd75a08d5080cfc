using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Some node directories are the node: its root, boot files, devices, configuration and
/// credentials, libraries, kernel interfaces and binaries. Mounting them, even read-only, is
/// a node takeover or a credential leak.
/// </summary>
public sealed class HostPathSensitive : PodRule
{
    /// <summary>Directories that are sensitive with everything below them.</summary>
    private static readonly string[] SensitiveDirectories = ["/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"];

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-path-sensitive",
        Title = "Pod mounts a sensitive node directory",
        Severity = Severity.Critical,
        Rationale = "The node's root (/) and /boot, /dev, /etc, /lib, /proc, /sys and /usr hold the kernel and its " +
                    "interfaces, every device, the node's configuration and credentials (/etc/kubernetes, " +
                    "kubelet and etcd keys, /etc/shadow) and the binaries and libraries root runs. Read access " +
                    "leaks cluster credentials; write access (or /dev, /proc, /sys at all) takes over the node. " +
                    "Paths are compared after normalisation, so //proc/ or /etc/../etc/kubernetes do not slip through.",
        Remediation = "Do not mount these node paths. Read node facts through the Downward API or a node agent " +
                      "with its own narrow, read-only mount, and configuration through ConfigMaps and Secrets.",
        RemediationYaml = """
            volumes:
            - name: config
              configMap:
                name: app-config
            """,
        References =
        [
            new("PSS", "baseline: HostPath Volumes", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "volumes / allowedHostPaths"),
            new("CIS", "5.2.12 Minimize the admission of HostPath volumes"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var volume in pod.Spec.Volumes)
        {
            var path = volume.HostPath?.HostPath ?? default;
            if (!path.IsSet || SensitiveArea(HostPaths.Normalize(path.Value)) is not { } area) continue;
            var name = volume.Name.IsSet ? volume.Name.Value : "(unnamed)";
            var what = area == "/" ? "the node's root filesystem" : $"sensitive node directory {area}";
            context.Report(path, $"volume \"{name}\" mounts {what} (hostPath \"{path.Value}\")");
        }
    }

    /// <summary>The sensitive directory the normalised path is in, or null. The root counts only as itself.</summary>
    public static string? SensitiveArea(string normalizedPath) =>
        normalizedPath == "/" ? "/" : SensitiveDirectories.FirstOrDefault(d => HostPaths.IsSameOrBelow(normalizedPath, d));
}
