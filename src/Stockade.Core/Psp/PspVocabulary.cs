namespace Stockade.Psp;

/// <summary>The names a PodSecurityPolicy may use, as the Kubernetes 1.24 API server accepted them.</summary>
internal static class PspVocabulary
{
    public const string All = "*";

    /// <summary>Volume type names of <c>spec.volumes</c> (FSType), without <c>*</c>.</summary>
    public static readonly IReadOnlyList<string> FsTypes =
    [
        "azureFile", "azureDisk", "flocker", "flexVolume", "hostPath", "emptyDir", "gcePersistentDisk",
        "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim",
        "rbd", "cinder", "cephFS", "downwardAPI", "fc", "configMap", "vsphereVolume", "quobyte",
        "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
    ];

    /// <summary>The volume source key of a pod volume to its PSP FSType (only <c>cephfs</c> differs).</summary>
    public static string? FsTypeOfVolumeKey(string key) => key switch
    {
        "cephfs" => "cephFS",
        _ => FsTypes.Contains(key, StringComparer.Ordinal) ? key : null,
    };

    public static readonly string[] RunAsUserRules = ["MustRunAs", "MustRunAsNonRoot", "RunAsAny"];
    public static readonly string[] GroupRules = ["MayRunAs", "MustRunAs", "RunAsAny"];
    public static readonly string[] SeLinuxRules = ["MustRunAs", "RunAsAny"];
    public static readonly string[] ProcMountTypes = ["Default", "Unmasked"];

    /// <summary>Sysctls the kubelet treats as safe in Kubernetes 1.24 (allowed unless forbidden).</summary>
    public static readonly IReadOnlyList<string> SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
    ];

    /// <summary>Sorted as Go's <c>sets.String.List()</c> sorts (byte order).</summary>
    public static IEnumerable<string> Sorted(IEnumerable<string> names) => names.OrderBy(n => n, StringComparer.Ordinal);
}
