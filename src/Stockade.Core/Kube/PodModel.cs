using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>Which list of the pod spec a container comes from.</summary>
public enum ContainerKind
{
    Container,
    InitContainer,
    EphemeralContainer,
}

/// <summary>A seccomp or AppArmor profile (<c>type</c> and <c>localhostProfile</c>).</summary>
public sealed class ProfileModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Field<string> Type { get; init; }
    public Field<string> LocalhostProfile { get; init; }
}

public sealed class SeLinuxOptionsModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Field<string> User { get; init; }
    public Field<string> Role { get; init; }
    public Field<string> Type { get; init; }
    public Field<string> Level { get; init; }
}

public sealed class WindowsOptionsModel
{
    public required string Path { get; init; }
    public Field<bool> HostProcess { get; init; }
    public Field<string> RunAsUserName { get; init; }
}

public sealed class CapabilitiesModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public List<Field<string>> Add { get; init; } = [];
    public List<Field<string>> Drop { get; init; } = [];
}

public readonly record struct Sysctl(Field<string> Name, Field<string> Value, string Path, SourcePosition Position);

/// <summary>
/// A pod's or a container's <c>securityContext</c>. Fields that exist at only one level are
/// read only there (a container has no <c>fsGroup</c>, a pod no <c>privileged</c>).
/// </summary>
public sealed class SecurityContextModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }

    // Both levels.
    public Field<long> RunAsUser { get; init; }
    public Field<long> RunAsGroup { get; init; }
    public Field<bool> RunAsNonRoot { get; init; }
    public ProfileModel? SeccompProfile { get; init; }
    public ProfileModel? AppArmorProfile { get; init; }
    public SeLinuxOptionsModel? SeLinuxOptions { get; init; }
    public WindowsOptionsModel? WindowsOptions { get; init; }

    // Container only.
    public Field<bool> Privileged { get; init; }
    public Field<bool> AllowPrivilegeEscalation { get; init; }
    public CapabilitiesModel? Capabilities { get; init; }
    public Field<bool> ReadOnlyRootFilesystem { get; init; }
    public Field<string> ProcMount { get; init; }

    // Pod only.
    public Field<long> FsGroup { get; init; }
    public List<Field<long>> SupplementalGroups { get; init; } = [];
    public List<Sysctl> Sysctls { get; init; } = [];
}

public sealed class PortModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Field<long> ContainerPort { get; init; }
    public Field<long> HostPort { get; init; }
    public Field<string> HostIP { get; init; }
    public Field<string> Protocol { get; init; }
}

public sealed class VolumeMountModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Field<string> Name { get; init; }
    public Field<string> MountPath { get; init; }
    public Field<bool> ReadOnly { get; init; }
    public Field<string> SubPath { get; init; }
}

/// <summary>Requests or limits: resource name to quantity.</summary>
public sealed class ResourceListModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Dictionary<string, Field<string>> Quantities { get; init; } = new(StringComparer.Ordinal);

    public Field<string> this[string resource] => Quantities.TryGetValue(resource, out var q) ? q : default;
}

public sealed class ResourcesModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public ResourceListModel? Requests { get; init; }
    public ResourceListModel? Limits { get; init; }
}

/// <summary>A <c>host</c> set on a probe's or lifecycle handler's httpGet or tcpSocket.</summary>
public readonly record struct HandlerHost(Field<string> Host);

public sealed class ContainerModel
{
    public required ContainerKind Kind { get; init; }
    public required int Index { get; init; }
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Field<string> Name { get; init; }
    public Field<string> Image { get; init; }
    public List<Field<string>> Command { get; init; } = [];
    public List<Field<string>> Args { get; init; } = [];
    public List<PortModel> Ports { get; init; } = [];
    public SecurityContextModel? SecurityContext { get; init; }
    public ResourcesModel? Resources { get; init; }
    public List<VolumeMountModel> VolumeMounts { get; init; } = [];

    /// <summary>Hosts named by liveness/readiness/startup probes and lifecycle handlers.</summary>
    public List<HandlerHost> HandlerHosts { get; init; } = [];

    /// <summary>The container's name, or its list position when it has none.</summary>
    public string DisplayName => Name.IsSet ? Name.Value : $"{Kind}[{Index}]";
}

public sealed class HostPathModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Field<string> HostPath { get; init; }
    public Field<string> Type { get; init; }
}

public sealed class VolumeModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public Field<string> Name { get; init; }

    /// <summary>The volume source keys written (every key but <c>name</c>), e.g. <c>hostPath</c>, <c>configMap</c>.</summary>
    public List<(string Key, SourcePosition Position)> SourceKeys { get; init; } = [];
    public HostPathModel? HostPath { get; init; }
}

/// <summary>A pod spec as the API server would read it, with where every field was written.</summary>
public sealed class PodSpecModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
    public required YMapping Node { get; init; }

    public Field<bool> HostNetwork { get; init; }
    public Field<bool> HostPID { get; init; }
    public Field<bool> HostIPC { get; init; }
    public Field<bool> HostUsers { get; init; }
    public Field<bool> ShareProcessNamespace { get; init; }
    public Field<bool> AutomountServiceAccountToken { get; init; }
    public Field<string> ServiceAccountName { get; init; }
    public Field<string> NodeName { get; init; }
    public Field<string> RuntimeClassName { get; init; }
    public Field<string> OsName { get; init; }
    public Dictionary<string, Field<string>> NodeSelector { get; init; } = new();

    /// <summary>Where <c>affinity.nodeAffinity</c> was written, when it was.</summary>
    public Field<bool> NodeAffinity { get; init; }
    public SecurityContextModel? SecurityContext { get; init; }
    public List<ContainerModel> Containers { get; init; } = [];
    public List<ContainerModel> InitContainers { get; init; } = [];
    public List<ContainerModel> EphemeralContainers { get; init; } = [];
    public List<VolumeModel> Volumes { get; init; } = [];

    /// <summary>Every container: init containers, containers, then ephemeral containers.</summary>
    public IReadOnlyList<ContainerModel> AllContainers => _all ??= [.. InitContainers, .. Containers, .. EphemeralContainers];

    // Every rule walks all containers; build the list once per pod, not once per rule.
    private List<ContainerModel>? _all;

    public bool IsWindows => OsName.Is("windows");
}
