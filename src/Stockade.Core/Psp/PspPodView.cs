using System.Text;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>
/// Builds the <see cref="PspPod"/> of a pod subject from the typed pod model, reading the few fields
/// the model does not carry (flexVolume.driver, csi.driver) straight from the tree.
/// </summary>
public static class PspPodView
{
    public static PspPod From(PodSubject subject)
    {
        var spec = subject.Spec;
        var sc = spec.SecurityContext;
        var pod = new PspPod
        {
            SpecPath = spec.Path,
            SpecPointer = Pointer(spec.Path),
            SpecPosition = spec.Position,
            MetadataPath = subject.MetadataPath,
            MetadataPointer = Pointer(subject.MetadataPath),
            MetadataPosition = subject.Spec.Position,
            Annotations = subject.PodAnnotations.ToDictionary(a => a.Key, a => V(a.Value), StringComparer.Ordinal),
            HostNetwork = Opt(spec.HostNetwork),
            HostPID = Opt(spec.HostPID),
            HostIPC = Opt(spec.HostIPC),
            RuntimeClassName = Opt(spec.RuntimeClassName),
            Volumes = Volumes(spec),
            Sysctls = sc?.Sysctls.Where(s => s.Name.IsSet).Select(s => V(s.Name)).ToList() ?? [],
            ScPosition = sc?.Position ?? spec.Position,
            FsGroup = Opt(sc?.FsGroup ?? default),
            SupplementalGroups = sc is { SupplementalGroups.Count: > 0 } ? sc.SupplementalGroups.Select(V).ToList() : null,
            SeLinux = SeLinux(sc?.SeLinuxOptions),
            RunAsUser = Opt(sc?.RunAsUser ?? default),
            RunAsGroup = Opt(sc?.RunAsGroup ?? default),
            RunAsNonRoot = Opt(sc?.RunAsNonRoot ?? default),
            SeccompField = Profile(sc?.SeccompProfile),
            AppArmorField = Profile(sc?.AppArmorProfile),
            Containers = spec.AllContainers.Select(Container).ToList(),
        };
        return pod;
    }

    private static PspContainer Container(ContainerModel c)
    {
        var sc = c.SecurityContext;
        return new PspContainer
        {
            Name = c.Name.IsSet ? c.Name.Value : "",
            Path = c.Path,
            Pointer = Pointer(c.Path),
            Position = c.Position,
            HostPorts = c.Ports.Where(p => p.HostPort.IsSet).Select(p => V(p.HostPort)).ToList(),
            Mounts = c.VolumeMounts.Select(m => new PspMount(m.Name.IsSet ? m.Name.Value : "", m.ReadOnly.Is(true),
                m.ReadOnly.IsSet ? m.ReadOnly.Position : m.Position, FieldPaths.Join(m.Path, "readOnly"))).ToList(),
            ScPosition = sc?.Position ?? c.Position,
            Privileged = Opt(sc?.Privileged ?? default),
            AllowPrivilegeEscalation = Opt(sc?.AllowPrivilegeEscalation ?? default),
            ReadOnlyRootFilesystem = Opt(sc?.ReadOnlyRootFilesystem ?? default),
            ProcMount = Opt(sc?.ProcMount ?? default),
            RunAsUser = Opt(sc?.RunAsUser ?? default),
            RunAsGroup = Opt(sc?.RunAsGroup ?? default),
            RunAsNonRoot = Opt(sc?.RunAsNonRoot ?? default),
            SeLinux = SeLinux(sc?.SeLinuxOptions),
            SeccompField = Profile(sc?.SeccompProfile),
            AppArmorField = Profile(sc?.AppArmorProfile),
            Capabilities = sc?.Capabilities is { } caps
                ? new PspCapabilities(caps.Add.Select(V).ToList(), caps.Drop.Select(V).ToList(), caps.Position, caps.Path)
                : null,
        };
    }

    private static List<PspVolume> Volumes(PodSpecModel spec)
    {
        var list = new List<PspVolume>();
        var items = (spec.Node["volumes"] as YSequence)?.Items;
        foreach (var v in spec.Volumes)
        {
            var index = int.Parse(v.Path[(v.Path.LastIndexOf('[') + 1)..^1]);
            var node = items != null && index < items.Count ? items[index] as YMapping : null;
            // The first source key decides the type, as the API server's validation allows only one.
            var key = v.SourceKeys.Count > 0 ? v.SourceKeys[0].Key : null;
            var at = v.SourceKeys.Count > 0 ? v.SourceKeys[0].Position : v.Position;
            list.Add(new PspVolume(
                v.Name.IsSet ? v.Name.Value : "",
                key == null ? null : PspVocabulary.FsTypeOfVolumeKey(key),
                key,
                v.HostPath?.HostPath is { IsSet: true } hp ? hp.Value : null,
                Driver(node, "flexVolume", "driver"),
                Driver(node, "csi", "driver"),
                at,
                v.Path));
        }
        return list;
    }

    private static string? Driver(YMapping? volume, string source, string key) =>
        volume?[source] is YMapping m && m[key] is YScalar { Kind: ScalarKind.String } s ? s.Text : volume?[source] is YMapping ? "" : null;

    private static Val<SeLinuxValue>? SeLinux(SeLinuxOptionsModel? o) => o == null ? null : new Val<SeLinuxValue>(
        new SeLinuxValue(Text(o.User), Text(o.Role), Text(o.Type), Text(o.Level)), o.Position, o.Path);

    /// <summary>A seccompProfile or appArmorProfile field in the legacy annotation's form.</summary>
    private static Val<string>? Profile(ProfileModel? p)
    {
        if (p == null || !p.Type.IsSet) return null;
        var text = p.Type.Value switch
        {
            "RuntimeDefault" => "runtime/default",
            "Unconfined" => "unconfined",
            "Localhost" => "localhost/" + Text(p.LocalhostProfile),
            var other => other,
        };
        return new Val<string>(text, p.Type.Position, p.Type.Path);
    }

    private static string Text(Field<string> f) => f.IsSet ? f.Value : "";

    private static Val<T> V<T>(Field<T> f) => new(f.Value, f.Position, f.Path);

    private static Val<T>? Opt<T>(Field<T> f) where T : notnull => f.IsSet ? V(f) : null;

    /// <summary>A field path (<c>items[2].spec.containers[0]</c>) as a JSON pointer (<c>/items/2/spec/containers/0</c>).</summary>
    public static string Pointer(string path)
    {
        if (path.Length == 0) return "";
        var sb = new StringBuilder();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0) sb.Append('/').Append(Json.JsonPointer.Escape(name));
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                sb.Append('/').Append(part, bracket + 1, close - bracket - 1);
                bracket = part.IndexOf('[', close);
            }
        }
        return sb.ToString();
    }
}
