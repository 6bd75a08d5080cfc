using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>A value read from (or defaulted into) a pod, with where it is: its position and field path.</summary>
public readonly record struct Val<T>(T Value, SourcePosition Position, string Path);

/// <summary>SELinux options of a pod or container.</summary>
public sealed record SeLinuxValue(string User, string Role, string Type, string Level)
{
    public static SeLinuxValue From(PspSeLinuxOptions o) => new(o.User, o.Role, o.Type, o.Level);
}

/// <summary>A pod volume as PSP sees it: its type, and the host path or driver it names.</summary>
public sealed record PspVolume(string Name, string? FsType, string? SourceKey, string? HostPath, string? FlexDriver, string? CsiDriver, SourcePosition Position, string Path);

public sealed record PspMount(string Name, bool ReadOnly, SourcePosition Position, string Path);

/// <summary>
/// The security settings of one container that PodSecurityPolicy reads or defaults. Null means the
/// field is absent. <see cref="Pointer"/> is the container's JSON pointer inside its object, for patches.
/// </summary>
public sealed class PspContainer
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    public required string Pointer { get; init; }
    public required SourcePosition Position { get; init; }
    public List<Val<long>> HostPorts { get; init; } = [];
    public List<PspMount> Mounts { get; init; } = [];

    public SourcePosition ScPosition { get; set; }
    public string ScPath => Path + ".securityContext";
    public Val<bool>? Privileged { get; set; }
    public Val<bool>? AllowPrivilegeEscalation { get; set; }
    public Val<bool>? ReadOnlyRootFilesystem { get; set; }
    public Val<string>? ProcMount { get; set; }
    public Val<long>? RunAsUser { get; set; }
    public Val<long>? RunAsGroup { get; set; }
    public Val<bool>? RunAsNonRoot { get; set; }
    public Val<SeLinuxValue>? SeLinux { get; set; }

    /// <summary>The seccomp profile of the container's own field, in annotation form (<c>runtime/default</c>).</summary>
    public Val<string>? SeccompField { get; set; }

    /// <summary>The AppArmor profile of the container's own field, in annotation form.</summary>
    public Val<string>? AppArmorField { get; set; }

    /// <summary>Null when <c>capabilities</c> is absent.</summary>
    public PspCapabilities? Capabilities { get; set; }

    public PspContainer Clone() => (PspContainer)MemberwiseClone();
}

public sealed record PspCapabilities(IReadOnlyList<Val<string>> Add, IReadOnlyList<Val<string>> Drop, SourcePosition Position, string Path);

/// <summary>
/// What PodSecurityPolicy reads of a pod (or a workload's pod template): host namespaces, volumes,
/// the pod and container security contexts and the annotations, each with its position. Copies
/// are cheap (<see cref="Clone"/>), so defaulting works on a copy and the original stays as read.
/// </summary>
public sealed class PspPod
{
    public required string SpecPath { get; init; }
    public required string SpecPointer { get; init; }
    public required SourcePosition SpecPosition { get; init; }
    public required string MetadataPath { get; init; }
    public required string MetadataPointer { get; init; }
    public required SourcePosition MetadataPosition { get; init; }

    public Dictionary<string, Val<string>> Annotations { get; set; } = new(StringComparer.Ordinal);
    public Val<bool>? HostNetwork { get; init; }
    public Val<bool>? HostPID { get; init; }
    public Val<bool>? HostIPC { get; init; }
    public Val<string>? RuntimeClassName { get; set; }
    public List<PspVolume> Volumes { get; init; } = [];
    public List<Val<string>> Sysctls { get; init; } = [];

    public SourcePosition ScPosition { get; set; }
    public string ScPath => SpecPath + ".securityContext";
    public Val<long>? FsGroup { get; set; }
    public List<Val<long>>? SupplementalGroups { get; set; }
    public Val<SeLinuxValue>? SeLinux { get; set; }
    public Val<long>? RunAsUser { get; set; }
    public Val<long>? RunAsGroup { get; set; }
    public Val<bool>? RunAsNonRoot { get; set; }
    public Val<string>? SeccompField { get; set; }
    public Val<string>? AppArmorField { get; set; }

    /// <summary>Init containers, containers, then ephemeral containers, as VisitContainersWithPath visits them.</summary>
    public List<PspContainer> Containers { get; set; } = [];

    public PspPod Clone()
    {
        var copy = (PspPod)MemberwiseClone();
        copy.Annotations = new Dictionary<string, Val<string>>(Annotations, StringComparer.Ordinal);
        copy.Containers = Containers.Select(c => c.Clone()).ToList();
        return copy;
    }

    // Effective values: the container's own, else the pod's (how the kubelet and PSP read them).
    public Val<long>? EffectiveRunAsUser(PspContainer c) => c.RunAsUser ?? RunAsUser;
    public Val<long>? EffectiveRunAsGroup(PspContainer c) => c.RunAsGroup ?? RunAsGroup;
    public Val<bool>? EffectiveRunAsNonRoot(PspContainer c) => c.RunAsNonRoot ?? RunAsNonRoot;
    public Val<SeLinuxValue>? EffectiveSeLinux(PspContainer c) => c.SeLinux ?? SeLinux;

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var v) ? v.Value : null;
}
