using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>Which list of the pod spec a container comes from.</summary>
internal enum ContainerKind
{
    Container,
    InitContainer,
    EphemeralContainer,
}

/// <summary>
/// A part of the pod spec read from the tree: its field path and the position findings about it
/// point at (the mapping's, or its key's where it is absent and reported at its parent).
/// </summary>
internal abstract record PlacedModel
{
    public required string Path { get; init; }
    public required SourcePosition Position { get; init; }
}

/// <summary>A seccomp or AppArmor profile (<c>type</c> and <c>localhostProfile</c>).</summary>
internal sealed record ProfileModel : PlacedModel
{
    public Field<string> Type { get; init; }
    public Field<string> LocalhostProfile { get; init; }
}

internal sealed record SeLinuxOptionsModel : PlacedModel
{
    public Field<string> User { get; init; }
    public Field<string> Role { get; init; }
    public Field<string> Type { get; init; }
    public Field<string> Level { get; init; }
}

internal sealed record WindowsOptionsModel
{
    public required string Path { get; init; }
    public Field<bool> HostProcess { get; init; }
    public Field<string> RunAsUserName { get; init; }
}

internal sealed record CapabilitiesModel : PlacedModel
{
    public IReadOnlyList<Field<string>> Add { get; init; } = [];
    public IReadOnlyList<Field<string>> Drop { get; init; } = [];
}

internal readonly record struct Sysctl(Field<string> Name, Field<string> Value, string Path, SourcePosition Position);

/// <summary>
/// A pod's or a container's <c>securityContext</c>. Fields that exist at only one level are
/// read only there (a container has no <c>fsGroup</c>, a pod no <c>privileged</c>).
/// </summary>
internal sealed record SecurityContextModel : PlacedModel
{

    /// <summary>An empty <c>securityContext</c> of <paramref name="ownerPath"/>, for defaulting a field the manifest did not write; it points at its owner.</summary>
    public static SecurityContextModel Absent(string ownerPath, SourcePosition ownerPosition) =>
        new() { Path = FieldPaths.Join(ownerPath, "securityContext"), Position = ownerPosition };

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
    public IReadOnlyList<Field<long>> SupplementalGroups { get; init; } = [];
    public IReadOnlyList<Sysctl> Sysctls { get; init; } = [];
}

internal sealed record PortModel : PlacedModel
{
    public Field<long> ContainerPort { get; init; }
    public Field<long> HostPort { get; init; }
    public Field<string> HostIP { get; init; }
    public Field<string> Protocol { get; init; }
}

internal sealed record VolumeMountModel : PlacedModel
{
    public Field<string> Name { get; init; }
    public Field<string> MountPath { get; init; }
    public Field<bool> ReadOnly { get; init; }
    public Field<string> SubPath { get; init; }
}

/// <summary>Requests or limits: resource name to quantity.</summary>
internal sealed record ResourceListModel : PlacedModel
{
    public IReadOnlyDictionary<string, Field<string>> Quantities { get; init; } = new Dictionary<string, Field<string>>(StringComparer.Ordinal);

    public Field<string> this[string resource] => Quantities.TryGetValue(resource, out var q) ? q : default;
}

internal sealed record ResourcesModel : PlacedModel
{
    public ResourceListModel? Requests { get; init; }
    public ResourceListModel? Limits { get; init; }
}

/// <summary>
/// One <c>env</c> entry: its literal <c>value</c>, or the Secret a <c>valueFrom.secretKeyRef</c> reads
/// (<see cref="SecretKeyRef"/> is set at the <c>secretKeyRef</c> key, its value the Secret's name or "").
/// </summary>
internal sealed record EnvVarModel : PlacedModel
{
    public Field<string> Name { get; init; }
    public Field<string> Value { get; init; }
    public Field<string> SecretKeyRef { get; init; }
}

/// <summary>One <c>envFrom</c> entry: <see cref="SecretRef"/> is set at its <c>secretRef</c> key (value: the Secret's name or "").</summary>
internal sealed record EnvFromModel : PlacedModel
{
    public Field<string> SecretRef { get; init; }
}

/// <summary>A <c>host</c> set on a probe's or lifecycle handler's httpGet or tcpSocket.</summary>
internal readonly record struct HandlerHost(Field<string> Host);

internal sealed record ContainerModel : PlacedModel
{
    public required ContainerKind Kind { get; init; }
    public required int Index { get; init; }
    public Field<string> Name { get; init; }
    public Field<string> Image { get; init; }
    public IReadOnlyList<Field<string>> Command { get; init; } = [];
    public IReadOnlyList<Field<string>> Args { get; init; } = [];
    public IReadOnlyList<PortModel> Ports { get; init; } = [];
    public SecurityContextModel? SecurityContext { get; init; }
    public ResourcesModel? Resources { get; init; }
    public IReadOnlyList<VolumeMountModel> VolumeMounts { get; init; } = [];
    public Field<string> ImagePullPolicy { get; init; }
    public IReadOnlyList<EnvVarModel> Env { get; init; } = [];
    public IReadOnlyList<EnvFromModel> EnvFrom { get; init; } = [];

    /// <summary>Hosts named by liveness/readiness/startup probes and lifecycle handlers.</summary>
    public IReadOnlyList<HandlerHost> HandlerHosts { get; init; } = [];

    /// <summary>The container's name, or its list position when it has none.</summary>
    public string DisplayName => Name.IsSet ? Name.Value : $"{Kind}[{Index}]";

    /// <summary>A copy with <paramref name="update"/> applied to its securityContext (an empty one when it has none).</summary>
    public ContainerModel WithSecurityContext(Func<SecurityContextModel, SecurityContextModel> update) =>
        this with { SecurityContext = update(SecurityContext ?? SecurityContextModel.Absent(Path, Position)) };
}

internal sealed record HostPathModel : PlacedModel
{
    public Field<string> HostPath { get; init; }
    public Field<string> Type { get; init; }
}

internal sealed record VolumeModel : PlacedModel
{

    /// <summary>The volume's place in <c>volumes</c>.</summary>
    public required int Index { get; init; }
    public Field<string> Name { get; init; }

    /// <summary>The volume source keys written (every key but <c>name</c>), e.g. <c>hostPath</c>, <c>configMap</c>.</summary>
    public IReadOnlyList<(string Key, SourcePosition Position)> SourceKeys { get; init; } = [];
    public HostPathModel? HostPath { get; init; }

    /// <summary><c>flexVolume.driver</c>, when the volume is a flexVolume that names one.</summary>
    public Field<string> FlexVolumeDriver { get; init; }

    /// <summary><c>csi.driver</c>, when the volume is an inline CSI volume that names one.</summary>
    public Field<string> CsiDriver { get; init; }
}

/// <summary>
/// A pod spec as the API server would read it, with where every field was written. Immutable: a
/// changed pod (PodSecurityPolicy defaulting) is a copy made with <c>with</c> and the helpers below.
/// </summary>
internal sealed record PodSpecModel : PlacedModel
{

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
    public IReadOnlyDictionary<string, Field<string>> NodeSelector { get; init; } = new Dictionary<string, Field<string>>();

    /// <summary>Where <c>affinity.nodeAffinity</c> was written, when it was.</summary>
    public Field<bool> NodeAffinity { get; init; }
    public SecurityContextModel? SecurityContext { get; init; }
    // A copy made with `with` copies the cache too; setting a list drops it.
    public IReadOnlyList<ContainerModel> Containers { get; init { field = value; _all = null; } } = [];
    public IReadOnlyList<ContainerModel> InitContainers { get; init { field = value; _all = null; } } = [];
    public IReadOnlyList<ContainerModel> EphemeralContainers { get; init { field = value; _all = null; } } = [];
    public IReadOnlyList<VolumeModel> Volumes { get; init; } = [];

    /// <summary>The names in <c>imagePullSecrets</c>.</summary>
    public IReadOnlyList<Field<string>> ImagePullSecrets { get; init; } = [];

    /// <summary>Where a non-empty <c>hostAliases</c> was written (value: its number of entries).</summary>
    public Field<int> HostAliases { get; init; }

    /// <summary>Every container: init containers, containers, then ephemeral containers.</summary>
    public IReadOnlyList<ContainerModel> AllContainers => _all ??= [.. InitContainers, .. Containers, .. EphemeralContainers];

    // Every rule walks all containers; build the list once per pod, not once per rule.
    private List<ContainerModel>? _all;

    public bool IsWindows => OsName.Is("windows");

    /// <summary>A copy with <paramref name="updated"/> in the place (kind and index) of the container it replaces.</summary>
    public PodSpecModel WithContainer(ContainerModel updated)
    {
        IReadOnlyList<ContainerModel> Replace(IReadOnlyList<ContainerModel> list) =>
            [.. list.Select(c => c.Index == updated.Index ? updated : c)];
        return updated.Kind switch
        {
            ContainerKind.Container => this with { Containers = Replace(Containers) },
            ContainerKind.InitContainer => this with { InitContainers = Replace(InitContainers) },
            _ => this with { EphemeralContainers = Replace(EphemeralContainers) },
        };
    }

    /// <summary>A copy with <paramref name="update"/> applied to the pod's securityContext (an empty one when it has none).</summary>
    public PodSpecModel WithSecurityContext(Func<SecurityContextModel, SecurityContextModel> update) =>
        this with { SecurityContext = update(SecurityContext ?? SecurityContextModel.Absent(Path, Position)) };
}
