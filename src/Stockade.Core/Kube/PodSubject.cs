using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>
/// A pod to check: a Pod, or the pod template of a workload, with the template's annotations
/// (where the legacy seccomp and AppArmor annotations live). Immutable, like its model: a
/// defaulted pod is a copy (<see cref="WithContainer"/>, <see cref="WithAnnotation"/>, <c>with</c>).
/// </summary>
internal sealed record PodSubject
{
    public required KubeObject Object { get; init; }
    public required PodSpecModel Spec { get; init; }

    /// <summary>Annotations of the pod (the Pod's own, or the template's metadata).</summary>
    public required IReadOnlyDictionary<string, Field<string>> PodAnnotations { get; init; }

    /// <summary>Labels of the pod (the Pod's own, or the template's metadata).</summary>
    public required IReadOnlyDictionary<string, Field<string>> PodLabels { get; init; }

    /// <summary>Path of the pod's metadata (for findings about absent annotations).</summary>
    public required string MetadataPath { get; init; }

    /// <summary>Where the pod's metadata was written (its owner when it was not), for findings about absent annotations.</summary>
    public required SourcePosition MetadataPosition { get; init; }

    /// <summary>The pod spec as written (custom rules evaluate CEL over it), its metadata, and the Pod or template holding both.</summary>
    internal YMapping? SpecNode { get; init; }

    internal YMapping? MetadataNode { get; init; }

    internal YMapping? TemplateNode { get; init; }

    /// <summary>A copy with <paramref name="updated"/> in place of the container of the same kind and index.</summary>
    public PodSubject WithContainer(ContainerModel updated) => this with { Spec = Spec.WithContainer(updated) };

    /// <summary>A copy with the annotation <paramref name="key"/> set, pointing at the metadata.</summary>
    public PodSubject WithAnnotation(string key, string value) => this with
    {
        PodAnnotations = new Dictionary<string, Field<string>>(PodAnnotations, StringComparer.Ordinal)
        {
            [key] = new(value, MetadataPosition, FieldPaths.Join(MetadataPath, "annotations"), $"[{key}]"),
        },
    };

    /// <summary>A copy without the annotation <paramref name="key"/> (a legacy annotation replaced by its field).</summary>
    public PodSubject WithoutAnnotation(string key)
    {
        var annotations = new Dictionary<string, Field<string>>(PodAnnotations, StringComparer.Ordinal);
        annotations.Remove(key);
        return this with { PodAnnotations = annotations };
    }

    public SecurityContextModel? PodSecurityContext => Spec.SecurityContext;

    /// <summary>The security context a container really runs with: its own fields, else the pod's.</summary>
    public EffectiveSecurityContext Effective(ContainerModel container) => new(this, container);
}

/// <summary>
/// A container's effective security settings: the container's field where set, otherwise the
/// pod's (Kubernetes' inheritance for runAsUser, runAsGroup, runAsNonRoot, seccompProfile,
/// appArmorProfile, seLinuxOptions, windowsOptions). Each value keeps where it was written.
/// </summary>
internal readonly struct EffectiveSecurityContext(PodSubject pod, ContainerModel container)
{
    private SecurityContextModel? C => container.SecurityContext;
    private SecurityContextModel? P => pod.Spec.SecurityContext;

    public Field<long> RunAsUser => Pick(C?.RunAsUser ?? default, P?.RunAsUser ?? default);
    public Field<long> RunAsGroup => Pick(C?.RunAsGroup ?? default, P?.RunAsGroup ?? default);
    public Field<bool> RunAsNonRoot => Pick(C?.RunAsNonRoot ?? default, P?.RunAsNonRoot ?? default);
    public ProfileModel? SeccompProfile => C?.SeccompProfile ?? P?.SeccompProfile;
    public ProfileModel? AppArmorProfile => C?.AppArmorProfile ?? P?.AppArmorProfile;
    public SeLinuxOptionsModel? SeLinuxOptions => C?.SeLinuxOptions ?? P?.SeLinuxOptions;
    public Field<bool> HostProcess => Pick(C?.WindowsOptions?.HostProcess ?? default, P?.WindowsOptions?.HostProcess ?? default);

    // Container-only fields, for symmetry.
    public Field<bool> Privileged => C?.Privileged ?? default;
    public Field<bool> AllowPrivilegeEscalation => C?.AllowPrivilegeEscalation ?? default;
    public CapabilitiesModel? Capabilities => C?.Capabilities;
    public Field<bool> ReadOnlyRootFilesystem => C?.ReadOnlyRootFilesystem ?? default;
    public Field<string> ProcMount => C?.ProcMount ?? default;

    /// <summary>Where to point a finding about a setting that is absent: the container's securityContext, else the container.</summary>
    public SourcePosition AbsentPosition => C?.Position ?? container.Position;

    /// <summary>Field path of the container's securityContext.</summary>
    public string ContainerSecurityContextPath => FieldPaths.Join(container.Path, "securityContext");

    private static Field<T> Pick<T>(Field<T> own, Field<T> inherited) => own.IsSet ? own : inherited;
}
