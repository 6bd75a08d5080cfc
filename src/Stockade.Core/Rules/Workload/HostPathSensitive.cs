using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Some node directories are the node: its root, boot files, devices, configuration and
/// credentials, libraries, kernel interfaces and binaries, and the state of the kubelet and
/// etcd. Mounting them, even read-only, is a node takeover or a credential leak.
/// </summary>
internal sealed class HostPathSensitive : PodRule
{
    /// <summary>A sensitive node directory: what it holds, and whether only a writable mount is dangerous.</summary>
    private sealed record Area(string Directory, string Holds, bool WhenWritable = false, bool HeldFoldersToo = true);

    /// <summary>
    /// Directories that are sensitive with everything below them, most specific first. Folders
    /// holding the node-state entries (<c>/var</c>, <c>/var/lib</c>) are reported too; folders
    /// holding a system directory are only the root, reported as itself. Container runtime
    /// state (<c>/var/lib/containerd</c>, <c>/run/containerd</c>…) is container-runtime-socket's.
    /// </summary>
    private static readonly Area[] Areas =
    [
        new("/etc/kubernetes", "the cluster's PKI, the admin and component kubeconfigs and the static pod manifests"),
        new("/var/lib/kubelet", "the kubelet's client certificates and kubeconfig and every pod's volumes, Secrets and service-account tokens"),
        new("/var/lib/etcd", "etcd's data: every object of the cluster, Secrets included"),
        new("/root", "root's home: SSH keys, kubeconfigs and cloud credentials"),
        new("/home", "users' homes: SSH keys, kubeconfigs and cloud credentials"),
        new("/var/log", "the pod logs the kubelet reads as root: a symbolic link planted there makes kubectl logs read any node file", WhenWritable: true),
        new("/boot", "the kernel and boot loader", HeldFoldersToo: false),
        new("/dev", "every device of the node", HeldFoldersToo: false),
        new("/etc", "the node's configuration and credentials", HeldFoldersToo: false),
        new("/lib", "the libraries root runs", HeldFoldersToo: false),
        new("/proc", "the kernel's process interface", HeldFoldersToo: false),
        new("/sys", "the kernel's device and cgroup interface", HeldFoldersToo: false),
        new("/usr", "the binaries and libraries root runs", HeldFoldersToo: false),
    ];

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "host-path-sensitive",
        Title = "Pod mounts a sensitive node directory",
        Severity = Severity.Critical,
        Rationale = "The node's root (/) and /boot, /dev, /etc, /lib, /proc, /sys and /usr hold the kernel and its " +
                    "interfaces, every device, the node's configuration and credentials (/etc/kubernetes, " +
                    "/etc/shadow) and the binaries and libraries root runs. The node's state is as sensitive: " +
                    "/var/lib/kubelet holds the kubelet's credentials and every pod's Secrets and tokens, " +
                    "/var/lib/etcd every object of the cluster, /root and /home SSH keys and kubeconfigs; a " +
                    "folder holding them (/var, /var/lib) holds them too. /var/log is sensitive when writable: " +
                    "the kubelet follows symbolic links under /var/log/pods as root when serving kubectl logs. " +
                    "Read access leaks cluster credentials; write access (or /dev, /proc, /sys at all) takes over " +
                    "the node. Container runtime state is reported by container-runtime-socket. Paths are compared " +
                    "component by component after normalisation, so //proc/, /etc/../etc/kubernetes or /var/lib/kubelet/ " +
                    "do not slip through and /etcd is not /etc.",
        Remediation = "Do not mount these node paths. Read node facts through the Downward API or a node agent " +
                      "with its own narrow, read-only mount, and configuration through ConfigMaps and Secrets. " +
                      "A log collector mounts /var/log read-only.",
        RemediationYaml = """
            volumes:
            - name: config
              configMap:
                name: app-config
            """,
        Fields =
        [
            new("spec.volumes[*].hostPath.path", "undefined; any path other than /, not at or below /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd, /root, /home, /boot, /dev, /etc, /lib, /proc, /sys, /usr and not a folder holding /etc/kubernetes, /var/lib/kubelet, /var/lib/etcd, /root or /home; /var/log (or a folder holding it) only when mounted read-only"),
            new("spec.containers[*].volumeMounts[*].readOnly, spec.initContainers[*].volumeMounts[*].readOnly, spec.ephemeralContainers[*].volumeMounts[*].readOnly (of mounts of a volume at or above /var/log)", "true in every mount of the volume"),
        ],
        References =
        [
            new("PSS", "baseline: HostPath Volumes", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "volumes / allowedHostPaths"),
            new("CIS", "5.2.12 Minimize the admission of HostPath volumes"),
            new("Kubernetes docs", "/etc/kubernetes: PKI certificates and requirements (kubeadm layout)", "https://kubernetes.io/docs/setup/best-practices/certificates/"),
            new("Kubernetes docs", "/var/lib/kubelet: kubelet TLS bootstrapping (certificates in /var/lib/kubelet/pki)", "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/"),
            new("Kubernetes docs", "/var/lib/etcd: operating etcd clusters for Kubernetes (etcd holds all cluster data)", "https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/"),
            new("Kubernetes docs", "/root, /home: kubeadm copies admin.conf to $HOME/.kube/config", "https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/"),
            new("Aqua Security", "/var/log writable: Kubernetes Pod Escape Using Log Mounts (kubelet follows symlinks in /var/log)", "https://www.aquasec.com/blog/kubernetes-security-pod-escape-log-mounts/"),
            new("Aqua Security", "/var/log writable: KHV047 Pod With Mount To /var/log", "https://avd.aquasec.com/misconfig/kubernetes/khv047"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var volume in pod.Spec.Volumes)
        {
            var path = volume.HostPath?.HostPath ?? default;
            if (!path.IsSet) continue;
            var name = volume.Name.IsSet ? volume.Name.Value : "(unnamed)";
            if (SensitiveArea(HostPaths.Normalize(path.Value), () => MountedWritable(pod, volume)) is not { } what) continue;
            context.Report(path, $"volume \"{name}\" mounts {what} (hostPath \"{path.Value}\")");
        }
    }

    /// <summary>
    /// How the normalised path is sensitive, or null. The root counts only as itself;
    /// <paramref name="writable"/> says whether some container mounts the volume writable.
    /// </summary>
    public static string? SensitiveArea(string normalizedPath, Func<bool> writable)
    {
        if (normalizedPath == "/") return "the node's root filesystem";
        foreach (var area in Areas)
        {
            var inside = HostPaths.IsSameOrBelow(normalizedPath, area.Directory);
            var holding = area.HeldFoldersToo && HostPaths.IsAncestorOf(normalizedPath, area.Directory);
            if (!inside && !holding || area.WhenWritable && !writable()) continue;
            var writableNote = area.WhenWritable ? ", mounted writable" : "";
            return inside
                ? $"sensitive node directory {area.Directory} ({area.Holds}{writableNote})"
                : $"a folder holding sensitive node directory {area.Directory} ({area.Holds}{writableNote})";
        }
        return null;
    }

    /// <summary>True when a container mounts the volume without readOnly: true (volumeMounts are writable by default).</summary>
    private static bool MountedWritable(PodSubject pod, VolumeModel volume) =>
        volume.Name.IsSet && pod.Spec.AllContainers.Any(c => c.VolumeMounts.Any(m => m.Name.IsSet && m.Name.Value == volume.Name.Value && !m.ReadOnly.Is(true)));
}
