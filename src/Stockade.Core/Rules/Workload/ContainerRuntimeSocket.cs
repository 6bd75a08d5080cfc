using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>
/// Whoever can talk to the container runtime can start a privileged container with the node's
/// root mounted: a runtime socket in a pod is root on the node.
/// </summary>
internal sealed class ContainerRuntimeSocket : PodRule
{
    /// <summary>Socket file names of Docker, containerd, CRI-O, Podman and the dockershim adapters, wherever they live.</summary>
    private static readonly HashSet<string> SocketNames = new(StringComparer.Ordinal)
    {
        "docker.sock", "containerd.sock", "crio.sock", "podman.sock", "cri-dockerd.sock", "dockershim.sock",
    };

    /// <summary>Where runtimes keep their sockets, written with /run (see <see cref="Canonical"/>).</summary>
    private static readonly string[] SocketPaths =
    [
        "/run/docker.sock",
        "/run/containerd/containerd.sock",
        "/run/crio/crio.sock",
        "/run/podman/podman.sock",
        "/run/cri-dockerd.sock",
        "/run/dockershim.sock",
        "/run/k3s/containerd/containerd.sock",
        "/var/snap/microk8s/common/run/containerd.sock",
    ];

    /// <summary>Runtime state directories: everything below them (sockets, other containers' filesystems) is the runtime's.</summary>
    private static readonly string[] RuntimeDirectories =
    [
        "/run/docker",
        "/run/containerd",
        "/run/crio",
        "/run/containers",
        "/run/podman",
        "/run/k3s/containerd",
        "/var/lib/docker",
        "/var/lib/containerd",
        "/var/lib/containers",
        "/var/lib/crio",
        "/var/lib/rancher/k3s/agent/containerd",
        "/var/snap/microk8s/common/run",
    ];

    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "container-runtime-socket",
        Title = "Pod mounts a container runtime socket",
        Severity = Severity.Critical,
        Rationale = "The Docker, containerd, CRI-O and Podman sockets accept unauthenticated commands from anyone " +
                    "who can open them: a pod with the socket (or a folder holding it, such as /var/run or " +
                    "/run/containerd) can start a privileged container with the node's root mounted, read every " +
                    "container's secrets and stop the kubelet's workloads. The runtimes' state directories (/var/lib/containerd, " +
                    "/var/lib/docker, /var/lib/containers, /var/lib/crio, /run/containerd, /run/crio…) hold those sockets " +
                    "and every container's filesystem and secrets, and are reported with everything below them. /var/run and /run are the same folder " +
                    "on current distributions and are treated as one. Mounting / is reported by host-path-sensitive, not here.",
        Remediation = "Do not mount runtime sockets or their folders. Build images with a daemonless builder " +
                      "(BuildKit rootless, Kaniko, Buildah) and read container metadata through the Kubernetes API.",
        RemediationYaml = """
            volumes:
            - name: build-cache
              emptyDir: {}
            """,
        Fields =
        [
            new("spec.volumes[*].hostPath.path", "undefined; any path that is not a runtime socket (docker.sock, containerd.sock, crio.sock, podman.sock, cri-dockerd.sock, dockershim.sock), not at or below a runtime directory (/run/docker, /run/containerd, /run/crio, /run/containers, /run/podman, /run/k3s/containerd, /var/lib/docker, /var/lib/containerd, /var/lib/containers, /var/lib/crio, /var/lib/rancher/k3s/agent/containerd, /var/snap/microk8s/common/run) and not a folder holding one; /var/run is read as /run; / is left to host-path-sensitive"),
        ],
        References =
        [
            new("PSS", "baseline: HostPath Volumes", "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"),
            new("PSP", "volumes / allowedHostPaths"),
            new("CIS", "5.2.12 Minimize the admission of HostPath volumes"),
            new("containerd", "/var/lib/containerd (root) and /run/containerd (state, socket)", "https://github.com/containerd/containerd/blob/main/docs/ops.md"),
            new("Docker", "/var/lib/docker (data-root) and /var/run/docker.sock", "https://docs.docker.com/reference/cli/dockerd/"),
            new("CRI-O", "/var/lib/containers/storage (root), /run/containers/storage (runroot), /var/run/crio/crio.sock, /var/lib/crio", "https://github.com/cri-o/cri-o/blob/main/docs/crio.conf.5.md"),
        ],
    };

    public override void Check(PodSubject pod, RuleContext context)
    {
        foreach (var volume in pod.Spec.Volumes)
        {
            var path = volume.HostPath?.HostPath ?? default;
            if (!path.IsSet || RuntimeAccess(path.Value) is not { } why) continue;
            var name = volume.Name.IsSet ? volume.Name.Value : "(unnamed)";
            context.Report(path, $"volume \"{name}\" mounts hostPath \"{path.Value}\", {why}");
        }
    }

    /// <summary>How the host path reaches a container runtime, or null when it does not.</summary>
    public static string? RuntimeAccess(string hostPath)
    {
        var path = Canonical(HostPaths.Normalize(hostPath));

        // The root holds everything; host-path-sensitive reports it, so one mount gives one critical finding.
        if (path == "/") return null;

        var fileName = HostPaths.FileName(path);
        if (SocketNames.Contains(fileName)) return $"a container runtime socket ({fileName})";

        if (SocketPaths.Contains(path, StringComparer.Ordinal)) return $"the container runtime socket {path}";

        if (RuntimeDirectories.FirstOrDefault(d => HostPaths.IsSameOrBelow(path, d)) is { } directory)
        {
            return $"in the container runtime directory {directory}";
        }

        if (SocketPaths.Concat(RuntimeDirectories).FirstOrDefault(p => HostPaths.IsAncestorOf(path, p)) is { } held)
        {
            return $"a folder holding the container runtime's {held}";
        }
        return null;
    }

    /// <summary>/var/run is a symbolic link to /run on every current distribution: compare in the /run form.</summary>
    private static string Canonical(string normalizedPath) =>
        HostPaths.IsSameOrBelow(normalizedPath, "/var/run") ? "/run" + normalizedPath["/var/run".Length..] : normalizedPath;
}
