using Stockade.Tests.Cli;

namespace Stockade.Tests.Node;

/// <summary>
/// A fake node root in a temporary folder, with every file the node rules read: real files with
/// real modes (chmod). Ownership cannot be changed without privileges, so the fixture's own
/// /etc/passwd and /etc/group decide what the files' owner number is called: in the good root
/// root (and etcd) are the test's own uid/gid, in the bad root they are other numbers.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NodeFixture : IDisposable
{
    private readonly TempTree _tree = new();

    public string Root => _tree.Root;

    public static NodeFixture Good() => Build(bad: false);

    public static NodeFixture Bad() => Build(bad: true);

    private static NodeFixture Build(bool bad)
    {
        var f = new NodeFixture();
        var uid = (int)Syscall.GetUid();
        var gid = (int)Syscall.GetGid();
        var owner = bad ? uid + 4242 : uid;
        var group = bad ? gid + 4242 : gid;
        f.File("etc/passwd", $"root:x:{owner}:{group}::/root:/bin/sh\netcd:x:{owner}:{group}::/var/lib/etcd:/sbin/nologin\n", 0b110_100_100);
        f.File("etc/group", $"root:x:{group}:\netcd:x:{group}:\n", 0b110_100_100);
        var secret = bad ? 0b110_110_110 : 0b110_000_000; // 0666 : 0600
        foreach (var name in new[] { "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml", "etcd.yaml" })
            f.File("etc/kubernetes/manifests/" + name, "apiVersion: v1\nkind: Pod\n", secret);
        f.File("etc/cni/net.d/10-calico.conflist", "{}", secret);
        foreach (var name in new[] { "admin.conf", "super-admin.conf", "scheduler.conf", "controller-manager.conf", "kubelet.conf" })
            f.File("etc/kubernetes/" + name, "apiVersion: v1\nkind: Config\n", secret);
        f.File("etc/kubernetes/pki/ca.crt", "cert", bad ? 0b110_110_110 : 0b110_000_000);
        f.File("etc/kubernetes/pki/ca.key", "key", bad ? 0b110_100_100 : 0b110_000_000);
        f.File("etc/kubernetes/pki/etcd/server.key", "key", secret);
        f.File("etc/kubernetes/pki/kubelet-ca.crt", "cert", secret);
        f.File("etc/systemd/system/kubelet.service.d/10-kubeadm.conf", "[Service]\n", secret);
        f.File("var/lib/kubelet/kubelet-config.yaml", """
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            authentication:
              x509:
                clientCAFile: /etc/kubernetes/pki/kubelet-ca.crt
            """, secret);
        Directory.CreateDirectory(f.Path("data/etcd"));
        System.IO.File.SetUnixFileMode(f.Path("data/etcd"), bad ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b111_000_000);
        f.File("proc/41/cmdline", "etcd\0--data-dir=/data/etcd\0--cert-file=/etc/kubernetes/pki/etcd/server.crt\0--key-file=/etc/kubernetes/pki/etcd/server.key\0--client-cert-auth=true\0--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\0"
            + "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\0--peer-key-file=/etc/kubernetes/pki/etcd/peer.key\0--peer-client-cert-auth=true\0--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\0", 0b100_100_100);
        f.File("proc/42/cmdline", "/usr/bin/kubelet\0--config=/var/lib/kubelet/kubelet-config.yaml\0--kubeconfig=/etc/kubernetes/kubelet.conf\0", 0b100_100_100);
        return f;
    }

    public void File(string relative, string content, int mode)
    {
        var path = _tree.Write(relative, content);
        System.IO.File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    public string Path(string relative) => _tree.PathOf(relative);

    public void Dispose() => _tree.Dispose();
}

/// <summary>The test process's own uid and gid (the owner of the files it writes).</summary>
internal static class Syscall
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getuid")]
    public static extern uint GetUid();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getgid")]
    public static extern uint GetGid();
}
