using Stockade.Yaml;

namespace Stockade.Kube;

/// <summary>Decodes a pod spec's tree into <see cref="PodSpecModel"/>, collecting type errors.</summary>
internal static class PodDecoder
{
    public static PodSpecModel Decode(YMapping spec, string path, DecodeContext ctx)
    {
        var model = DecodeSpec(spec, path, ctx);
        PodValidation.Validate(model, spec, ctx);
        return model;
    }

    private static PodSpecModel DecodeSpec(YMapping spec, string path, DecodeContext ctx)
    {
        var affinity = ctx.Mapping(spec, "affinity", path);
        var affinityPath = FieldPaths.Join(path, "affinity");
        var nodeAffinity = affinity != null && affinity.TryGetEntry("nodeAffinity", out var na) && na.Value is YMapping
            ? new Field<bool>(true, na.KeyPosition, affinityPath, "nodeAffinity")
            : default;
        var os = ctx.Mapping(spec, "os", path);
        return new PodSpecModel
        {
            Path = path,
            Position = spec.Position,
            HostNetwork = ctx.Bool(spec, "hostNetwork", path),
            HostPID = ctx.Bool(spec, "hostPID", path),
            HostIPC = ctx.Bool(spec, "hostIPC", path),
            HostUsers = ctx.Bool(spec, "hostUsers", path),
            ShareProcessNamespace = ctx.Bool(spec, "shareProcessNamespace", path),
            AutomountServiceAccountToken = ctx.Bool(spec, "automountServiceAccountToken", path),
            ServiceAccountName = ctx.String(spec, "serviceAccountName", path),
            NodeName = ctx.String(spec, "nodeName", path),
            RuntimeClassName = ctx.String(spec, "runtimeClassName", path),
            OsName = ctx.String(os, "name", FieldPaths.Join(path, "os")),
            NodeSelector = ctx.StringMap(spec, "nodeSelector", path),
            NodeAffinity = nodeAffinity,
            SecurityContext = SecurityContext(spec, path, ctx, podLevel: true),
            Containers = Containers(spec, "containers", ContainerKind.Container, path, ctx),
            InitContainers = Containers(spec, "initContainers", ContainerKind.InitContainer, path, ctx),
            EphemeralContainers = Containers(spec, "ephemeralContainers", ContainerKind.EphemeralContainer, path, ctx),
            Volumes = Volumes(spec, path, ctx),
            ImagePullSecrets = [.. ctx.MappingItems(spec, "imagePullSecrets", path).Select(s => ctx.String(s.Item, "name", s.Path))],
            HostAliases = HostAliases(spec, path, ctx),
        };
    }

    private static List<ContainerModel> Containers(YMapping spec, string key, ContainerKind kind, string path, DecodeContext ctx)
    {
        var list = new List<ContainerModel>();
        foreach (var (c, cPath, i) in ctx.MappingItems(spec, key, path))
        {
            list.Add(new ContainerModel
            {
                Kind = kind,
                Index = i,
                Path = cPath,
                Position = c.Position,
                Name = ctx.String(c, "name", cPath),
                Image = ctx.String(c, "image", cPath),
                Command = ctx.Strings(c, "command", cPath),
                Args = ctx.Strings(c, "args", cPath),
                Ports = Ports(c, cPath, ctx),
                SecurityContext = SecurityContext(c, cPath, ctx, podLevel: false),
                Resources = Resources(c, cPath, ctx),
                VolumeMounts = VolumeMounts(c, cPath, ctx),
                HandlerHosts = HandlerHosts(c, cPath, ctx),
                ImagePullPolicy = ctx.String(c, "imagePullPolicy", cPath),
                Env = Env(c, cPath, ctx),
                EnvFrom = EnvFrom(c, cPath, ctx),
            });
        }
        return list;
    }

    private static Field<int> HostAliases(YMapping spec, string path, DecodeContext ctx)
    {
        var seq = ctx.Sequence(spec, "hostAliases", path);
        return seq is { Items.Count: > 0 } && spec.TryGetEntry("hostAliases", out var e) ? new Field<int>(seq.Items.Count, e.KeyPosition, path, "hostAliases") : default;
    }

    private static List<EnvVarModel> Env(YMapping c, string cPath, DecodeContext ctx) =>
        [.. ctx.MappingItems(c, "env", cPath).Select(e => new EnvVarModel
        {
            Path = e.Path,
            Position = e.Item.Position,
            Name = ctx.String(e.Item, "name", e.Path),
            Value = ctx.String(e.Item, "value", e.Path),
            SecretKeyRef = Reference(ctx.Mapping(e.Item, "valueFrom", e.Path), "secretKeyRef", FieldPaths.Join(e.Path, "valueFrom"), ctx),
        })];

    private static List<EnvFromModel> EnvFrom(YMapping c, string cPath, DecodeContext ctx) =>
        [.. ctx.MappingItems(c, "envFrom", cPath).Select(e => new EnvFromModel { Path = e.Path, Position = e.Item.Position, SecretRef = Reference(e.Item, "secretRef", e.Path, ctx) })];

    /// <summary>A reference mapping (<c>secretKeyRef</c>, <c>secretRef</c>) as a field at its key whose value is the name it gives ("" when none).</summary>
    private static Field<string> Reference(YMapping? owner, string key, string ownerPath, DecodeContext ctx)
    {
        var r = ctx.Mapping(owner, key, ownerPath);
        if (r == null || !owner!.TryGetEntry(key, out var entry)) return default;
        var name = ctx.String(r, "name", FieldPaths.Join(ownerPath, key));
        return new Field<string>(name.IsSet ? name.Value : "", entry.KeyPosition, ownerPath, key);
    }

    private static List<PortModel> Ports(YMapping c, string cPath, DecodeContext ctx) =>
        [.. ctx.MappingItems(c, "ports", cPath).Select(p => new PortModel
        {
            Path = p.Path,
            Position = p.Item.Position,
            ContainerPort = ctx.Int32(p.Item, "containerPort", p.Path),
            HostPort = ctx.Int32(p.Item, "hostPort", p.Path),
            HostIP = ctx.String(p.Item, "hostIP", p.Path),
            Protocol = ctx.String(p.Item, "protocol", p.Path),
        })];

    private static List<VolumeMountModel> VolumeMounts(YMapping c, string cPath, DecodeContext ctx) =>
        [.. ctx.MappingItems(c, "volumeMounts", cPath).Select(m => new VolumeMountModel
        {
            Path = m.Path,
            Position = m.Item.Position,
            Name = ctx.String(m.Item, "name", m.Path),
            MountPath = ctx.String(m.Item, "mountPath", m.Path),
            ReadOnly = ctx.Bool(m.Item, "readOnly", m.Path),
            SubPath = ctx.String(m.Item, "subPath", m.Path),
        })];

    private static ResourcesModel? Resources(YMapping c, string cPath, DecodeContext ctx) =>
        ctx.Nested(c, "resources", cPath, static (r, rPath, ctx) => new ResourcesModel
        {
            Path = rPath,
            Position = r.Position,
            Requests = ctx.Nested(r, "requests", rPath, ResourceList),
            Limits = ctx.Nested(r, "limits", rPath, ResourceList),
        });

    private static ResourceListModel ResourceList(YMapping m, string path, DecodeContext ctx)
    {
        var quantities = new Dictionary<string, Field<string>>(StringComparer.Ordinal);
        foreach (var e in m.Entries)
        {
            var q = ctx.Quantity(m, e, path);
            if (q.IsSet) quantities[e.Key] = q;
        }
        return new ResourceListModel { Path = path, Position = m.Position, Quantities = quantities };
    }

    private static readonly string[] ProbeKeys = ["livenessProbe", "readinessProbe", "startupProbe"];
    private static readonly string[] LifecycleKeys = ["postStart", "preStop"];

    private static List<HandlerHost> HandlerHosts(YMapping c, string cPath, DecodeContext ctx)
    {
        var hosts = new List<HandlerHost>();
        foreach (var key in ProbeKeys) AddHandlerHosts(ctx.Mapping(c, key, cPath), FieldPaths.Join(cPath, key), ctx, hosts);
        var lifecycle = ctx.Mapping(c, "lifecycle", cPath);
        var lPath = FieldPaths.Join(cPath, "lifecycle");
        foreach (var key in LifecycleKeys) AddHandlerHosts(ctx.Mapping(lifecycle, key, lPath), FieldPaths.Join(lPath, key), ctx, hosts);
        return hosts;
    }

    private static void AddHandlerHosts(YMapping? handler, string path, DecodeContext ctx, List<HandlerHost> hosts)
    {
        if (handler == null) return;
        foreach (var action in (ReadOnlySpan<string>)["httpGet", "tcpSocket"])
        {
            var a = ctx.Mapping(handler, action, path);
            var host = ctx.String(a, "host", FieldPaths.Join(path, action));
            if (host.IsSet) hosts.Add(new HandlerHost(host));
        }
    }

    private static List<VolumeModel> Volumes(YMapping spec, string path, DecodeContext ctx)
    {
        var list = new List<VolumeModel>();
        foreach (var (v, vPath, index) in ctx.MappingItems(spec, "volumes", path))
        {
            var keys = new List<(string, SourcePosition)>();
            foreach (var e in v.Entries)
            {
                if (e.Key != "name" && e.Value is not YScalar { Kind: ScalarKind.Null }) keys.Add((e.Key, e.KeyPosition));
            }
            list.Add(new VolumeModel
            {
                Path = vPath,
                Position = v.Position,
                Index = index,
                Name = ctx.String(v, "name", vPath),
                SourceKeys = keys,
                FlexVolumeDriver = ctx.String(ctx.Mapping(v, "flexVolume", vPath), "driver", FieldPaths.Join(vPath, "flexVolume")),
                CsiDriver = ctx.String(ctx.Mapping(v, "csi", vPath), "driver", FieldPaths.Join(vPath, "csi")),
                HostPath = ctx.Nested(v, "hostPath", vPath, static (hp, hpPath, ctx) => new HostPathModel
                {
                    Path = hpPath,
                    Position = hp.Position,
                    HostPath = ctx.String(hp, "path", hpPath),
                    Type = ctx.String(hp, "type", hpPath),
                }),
            });
        }
        return list;
    }

    private static SecurityContextModel? SecurityContext(YMapping owner, string ownerPath, DecodeContext ctx, bool podLevel)
    {
        var sc = ctx.Mapping(owner, "securityContext", ownerPath);
        if (sc == null) return null;
        var p = FieldPaths.Join(ownerPath, "securityContext");
        return new SecurityContextModel
        {
            Path = p,
            Position = sc.Position,
            RunAsUser = ctx.Int64(sc, "runAsUser", p),
            RunAsGroup = ctx.Int64(sc, "runAsGroup", p),
            RunAsNonRoot = ctx.Bool(sc, "runAsNonRoot", p),
            SeccompProfile = ctx.Nested(sc, "seccompProfile", p, Profile),
            AppArmorProfile = ctx.Nested(sc, "appArmorProfile", p, Profile),
            SeLinuxOptions = ctx.Nested(sc, "seLinuxOptions", p, SeLinux),
            WindowsOptions = ctx.Nested(sc, "windowsOptions", p, Windows),
            Privileged = podLevel ? default : ctx.Bool(sc, "privileged", p),
            AllowPrivilegeEscalation = podLevel ? default : ctx.Bool(sc, "allowPrivilegeEscalation", p),
            Capabilities = podLevel ? null : ctx.Nested(sc, "capabilities", p, Capabilities),
            ReadOnlyRootFilesystem = podLevel ? default : ctx.Bool(sc, "readOnlyRootFilesystem", p),
            ProcMount = podLevel ? default : ctx.String(sc, "procMount", p),
            FsGroup = podLevel ? ctx.Int64(sc, "fsGroup", p) : default,
            SupplementalGroups = podLevel ? SupplementalGroups(sc, p, ctx) : [],
            Sysctls = podLevel ? Sysctls(sc, p, ctx) : [],
        };
    }

    private static ProfileModel Profile(YMapping m, string p, DecodeContext ctx) => new()
    {
        Path = p,
        Position = m.Position,
        Type = ctx.String(m, "type", p),
        LocalhostProfile = ctx.String(m, "localhostProfile", p),
    };

    private static SeLinuxOptionsModel SeLinux(YMapping m, string p, DecodeContext ctx) => new()
    {
        Path = p,
        Position = m.Position,
        User = ctx.String(m, "user", p),
        Role = ctx.String(m, "role", p),
        Type = ctx.String(m, "type", p),
        Level = ctx.String(m, "level", p),
    };

    private static WindowsOptionsModel Windows(YMapping m, string p, DecodeContext ctx) => new()
    {
        Path = p,
        HostProcess = ctx.Bool(m, "hostProcess", p),
        RunAsUserName = ctx.String(m, "runAsUserName", p),
    };

    private static CapabilitiesModel Capabilities(YMapping m, string p, DecodeContext ctx) =>
        new() { Path = p, Position = m.Position, Add = ctx.Strings(m, "add", p), Drop = ctx.Strings(m, "drop", p) };

    private static List<Field<long>> SupplementalGroups(YMapping sc, string scPath, DecodeContext ctx)
    {
        var list = new List<Field<long>>();
        var seq = ctx.Sequence(sc, "supplementalGroups", scPath);
        if (seq == null) return list;
        var listPath = FieldPaths.Join(scPath, "supplementalGroups");
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ctx.TryInt64Item(seq.Items[i], FieldPaths.Index(listPath, i), out var gid))
            {
                list.Add(new Field<long>(gid, seq.Items[i].Position, listPath, $"[{i}]"));
            }
        }
        return list;
    }

    private static List<Sysctl> Sysctls(YMapping sc, string scPath, DecodeContext ctx) =>
        [.. ctx.MappingItems(sc, "sysctls", scPath).Select(s => new Sysctl(ctx.String(s.Item, "name", s.Path), ctx.String(s.Item, "value", s.Path), s.Path, s.Item.Position))];
}
