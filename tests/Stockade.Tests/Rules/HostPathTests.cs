using Stockade.Kube;

namespace Stockade.Tests.Rules;

public class HostPathTests
{
    private static string PodWithHostPath(string path, string mount = "") => TestScan.Pod($$"""
        containers:
        - name: app
          image: nginx
          volumeMounts:
          - name: host # <-mount
            mountPath: /host
        {{mount}}
        volumes:
        - name: host
          hostPath: # <-volume
            path: "{{path}}" # <-path
        """);

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("//", "/")]
    [InlineData("//proc/", "/proc")]
    [InlineData("/etc/../etc/kubernetes", "/etc/kubernetes")]
    [InlineData("/etc/./kubernetes//", "/etc/kubernetes")]
    [InlineData("/../../etc", "/etc")]
    [InlineData("etc/kubernetes", "/etc/kubernetes")]
    [InlineData("./var/log/..", "/var")]
    [InlineData("/var/lib/kubelet", "/var/lib/kubelet")]
    public void Normalize_resolves_spelling(string path, string expected) =>
        Assert.Equal(expected, HostPaths.Normalize(path));

    [Fact]
    public void Host_path_volume_is_reported_at_the_volume()
    {
        var yaml = PodWithHostPath("/var/log");
        var f = Assert.Single(TestScan.Yaml(yaml).Findings("host-path-volume"));
        Assert.Equal(TestScan.MarkedLine(yaml, "volume"), f.Line);
        Assert.Equal("spec.volumes[0].hostPath", f.Path);
        Assert.Contains("\"host\"", f.Message);
        Assert.Contains("/var/log", f.Message);
    }

    [Fact]
    public void Other_volume_types_are_clean()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            containers:
            - name: app
              image: nginx
            volumes:
            - name: scratch
              emptyDir: {}
            """));
        Assert.Empty(result.Findings("host-path-volume"));
        Assert.Empty(result.Findings("host-path-writable"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("    readOnly: false")]
    public void Writable_mount_is_reported_at_the_mount(string readOnlyLine)
    {
        var yaml = PodWithHostPath("/var/log", readOnlyLine);
        var f = Assert.Single(TestScan.Yaml(yaml).Findings("host-path-writable"));
        Assert.Equal(TestScan.MarkedLine(yaml, "mount"), f.Line);
        Assert.Equal("spec.containers[0].volumeMounts[0]", f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains("\"host\"", f.Message);
        Assert.Contains("/var/log", f.Message);
    }

    [Fact]
    public void Read_only_mount_is_clean()
    {
        var result = TestScan.Yaml(PodWithHostPath("/var/log", "    readOnly: true"));
        Assert.Empty(result.Findings("host-path-writable"));
        Assert.Single(result.Findings("host-path-volume"));
    }

    [Fact]
    public void Writable_mounts_in_init_and_ephemeral_containers_are_reported()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            initContainers:
            - name: init
              image: busybox
              volumeMounts:
              - name: host
                mountPath: /host
            containers:
            - name: app
              image: nginx
              volumeMounts:
              - name: host
                mountPath: /host
                readOnly: true
              - name: scratch
                mountPath: /tmp
            ephemeralContainers:
            - name: debug
              image: busybox
              volumeMounts:
              - name: host
                mountPath: /host
            volumes:
            - name: host
              hostPath:
                path: /data
            - name: scratch
              emptyDir: {}
            """));
        var findings = result.Findings("host-path-writable");
        Assert.Equal(["init", "debug"], findings.Select(f => f.Container));
        Assert.Equal("spec.ephemeralContainers[0].volumeMounts[0]", findings[1].Path);
    }

    [Theory]
    [InlineData("/", "the node's root filesystem")]
    [InlineData("//", "the node's root filesystem")]
    [InlineData("/boot", "/boot")]
    [InlineData("/dev/kmsg", "/dev")]
    [InlineData("/etc", "/etc")]
    [InlineData("/etc/../etc/kubernetes", "/etc")]
    [InlineData("/var/../etc/kubernetes/pki", "/etc")]
    [InlineData("//proc/", "/proc")]
    [InlineData("/proc/1/ns", "/proc")]
    [InlineData("/sys/fs/cgroup", "/sys")]
    [InlineData("/usr/lib", "/usr")]
    [InlineData("/lib/modules", "/lib")]
    [InlineData("etc", "/etc")]
    public void Sensitive_paths_are_reported_after_normalisation(string path, string named)
    {
        var yaml = PodWithHostPath(path);
        var f = Assert.Single(TestScan.Yaml(yaml).Findings("host-path-sensitive"));
        Assert.Equal(TestScan.MarkedLine(yaml, "path"), f.Line);
        Assert.Equal("spec.volumes[0].hostPath.path", f.Path);
        Assert.Contains(named, f.Message);
        Assert.Contains($"\"{path}\"", f.Message);
    }

    [Theory]
    [InlineData("/etcd")]
    [InlineData("/usrdata")]
    [InlineData("/libexec-data")]
    [InlineData("/data/etc")]
    [InlineData("/data/home/proc")]
    [InlineData("/opt/sys")]
    [InlineData("/var/lib/kubelet-plugins-data")]
    [InlineData("/var/logs")]
    [InlineData("/homework")]
    public void Non_sensitive_paths_are_clean(string path)
    {
        var result = TestScan.Yaml(PodWithHostPath(path));
        Assert.Empty(result.Findings("host-path-sensitive"));
    }

    [Theory]
    [InlineData("/var/lib/kubelet", "/var/lib/kubelet")]
    [InlineData("/var/lib/kubelet/pki/", "/var/lib/kubelet")]
    [InlineData("/var/lib/kubelet/../kubelet/pods", "/var/lib/kubelet")]
    [InlineData("/var/lib//etcd", "/var/lib/etcd")]
    [InlineData("/var/./lib/etcd/member", "/var/lib/etcd")]
    [InlineData("/etc/kubernetes", "/etc/kubernetes")]
    [InlineData("/etc/kubernetes/pki", "/etc/kubernetes")]
    [InlineData("/root", "/root")]
    [InlineData("/root/.kube", "/root")]
    [InlineData("/home/ubuntu/.ssh", "/home")]
    [InlineData("/var/lib", "a folder holding sensitive node directory /var/lib/kubelet")]
    [InlineData("/var", "a folder holding sensitive node directory /var/lib/kubelet")]
    public void Node_credentials_and_state_are_sensitive_after_normalisation(string path, string named)
    {
        var result = TestScan.Yaml(PodWithHostPath(path, "    readOnly: true"));
        var f = Assert.Single(result.Findings("host-path-sensitive"));
        Assert.Equal("spec.volumes[0].hostPath.path", f.Path);
        Assert.Contains(named, f.Message);
    }

    [Theory]
    [InlineData("/var/log")]
    [InlineData("/var/log/pods")]
    [InlineData("//var/log/")]
    public void Var_log_is_sensitive_when_a_container_mounts_it_writable(string path)
    {
        var writable = TestScan.Yaml(PodWithHostPath(path));
        Assert.Contains("/var/log", Assert.Single(writable.Findings("host-path-sensitive")).Message);
        Assert.Contains("mounted writable", writable.Findings("host-path-sensitive")[0].Message);
        var readOnly = TestScan.Yaml(PodWithHostPath(path, "    readOnly: true"));
        Assert.Empty(readOnly.Findings("host-path-sensitive"));
    }

    [Theory]
    [InlineData("/var/lib/crio")]
    [InlineData("/run/containers/storage")]
    [InlineData("/var/run/containerd/io.containerd.runtime.v2.task")]
    public void Further_runtime_state_directories_are_reported(string path)
    {
        var result = TestScan.Yaml(PodWithHostPath(path, "    readOnly: true"));
        Assert.Contains("container runtime directory", Assert.Single(result.Findings("container-runtime-socket")).Message);
    }

    [Theory]
    [InlineData("/var/run/docker.sock", "docker.sock")]
    [InlineData("/run/docker.sock", "docker.sock")]
    [InlineData("/run/containerd/containerd.sock", "containerd.sock")]
    [InlineData("/var/run/crio/crio.sock", "crio.sock")]
    [InlineData("/run/podman/podman.sock", "podman.sock")]
    [InlineData("/run/user/1000/podman/podman.sock", "podman.sock")]
    [InlineData("/run/k3s/containerd/containerd.sock", "containerd.sock")]
    [InlineData("/var/snap/microk8s/common/run/containerd.sock", "containerd.sock")]
    [InlineData("/var/run/cri-dockerd.sock", "cri-dockerd.sock")]
    [InlineData("/var/run/dockershim.sock", "dockershim.sock")]
    [InlineData("/opt/custom/docker.sock", "docker.sock")]
    [InlineData("//var/run//docker.sock/", "docker.sock")]
    [InlineData("/var/lib/docker", "/var/lib/docker")]
    [InlineData("/var/lib/docker/overlay2", "/var/lib/docker")]
    [InlineData("/var/lib/containerd", "/var/lib/containerd")]
    [InlineData("/var/run/containerd", "/run/containerd")]
    [InlineData("/run/crio", "/run/crio")]
    [InlineData("/var/run", "folder holding")]
    [InlineData("/run", "folder holding")]
    [InlineData("/var", "folder holding")]
    [InlineData("/var/lib", "folder holding")]
    [InlineData("/var/snap/microk8s", "folder holding")]
    [InlineData("/run/k3s", "folder holding")]
    [InlineData("/var/lib/../run", "folder holding")]
    public void Runtime_sockets_and_their_folders_are_reported(string path, string named)
    {
        var yaml = PodWithHostPath(path);
        var f = Assert.Single(TestScan.Yaml(yaml).Findings("container-runtime-socket"));
        Assert.Equal(TestScan.MarkedLine(yaml, "path"), f.Line);
        Assert.Equal("spec.volumes[0].hostPath.path", f.Path);
        Assert.Contains(named, f.Message);
    }

    [Theory]
    [InlineData("/var/log")]
    [InlineData("/var/lib/kubelet")]
    [InlineData("/run/udev")]
    [InlineData("/data/docker.socket")]
    [InlineData("/opt/docker")]
    public void Other_paths_are_not_runtime_sockets(string path)
    {
        var result = TestScan.Yaml(PodWithHostPath(path));
        Assert.Empty(result.Findings("container-runtime-socket"));
    }

    [Fact]
    public void Root_is_left_to_host_path_sensitive()
    {
        var result = TestScan.Yaml(PodWithHostPath("/"));
        Assert.Empty(result.Findings("container-runtime-socket"));
        Assert.Single(result.Findings("host-path-sensitive"));
    }

    [Fact]
    public void Deployment_template_host_paths_are_checked()
    {
        var yaml = Workloads.Deployment("""
            containers:
            - name: agent
              image: agent
              volumeMounts:
              - name: sock # <-
                mountPath: /var/run/docker.sock
            volumes:
            - name: sock
              hostPath:
                path: /var/run/docker.sock
            """);
        var result = TestScan.Yaml(yaml);
        Assert.Equal("spec.template.spec.volumes[0].hostPath.path", Assert.Single(result.Findings("container-runtime-socket")).Path);
        Assert.Equal("spec.template.spec.volumes[0].hostPath", Assert.Single(result.Findings("host-path-volume")).Path);
        var writable = Assert.Single(result.Findings("host-path-writable"));
        Assert.Equal("agent", writable.Container);
        Assert.Equal(TestScan.MarkedLine(yaml), writable.Line);
    }
}
