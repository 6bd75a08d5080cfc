using System.Runtime.CompilerServices;
using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Psp;

/// <summary>
/// Reads PodSecurityPolicy objects into <see cref="PspPolicy"/>. Type errors (a string where a
/// boolean belongs…) go to the object's <see cref="DecodeContext"/>, as the API server would
/// reject them before validation.
/// </summary>
internal static class PspReader
{
    public static bool IsPodSecurityPolicy(KubeObject obj) =>
        obj.Kind == "PodSecurityPolicy" && obj.ApiVersion is "policy/v1beta1" or "extensions/v1beta1";

    private static readonly ConditionalWeakTable<KubeObject, PspPolicy> Policies = new();

    /// <summary>
    /// The object's policy, read once however many rules grade it: each read records its type
    /// errors in the object's <see cref="DecodeContext"/>, so a second read would report them twice.
    /// </summary>
    public static PspPolicy ReadOnce(KubeObject obj) => Policies.GetValue(obj, Read);

    public static PspPolicy Read(KubeObject obj)
    {
        var ctx = obj.Decode;
        var p = obj.PathPrefix;
        var spec = ctx.Mapping(obj.Root, "spec", p);
        var s = FieldPaths.Join(p, "spec");
        var runtimeClass = ctx.Mapping(spec, "runtimeClass", s);
        var rcPath = FieldPaths.Join(s, "runtimeClass");
        var seLinux = ctx.Mapping(spec, "seLinux", s);
        var seLinuxPath = FieldPaths.Join(s, "seLinux");
        return new PspPolicy
        {
            Name = obj.Name.IsSet ? obj.Name.Value : "",
            File = obj.File,
            Position = obj.Position,
            PathPrefix = p,
            SpecPath = s,
            Annotations = obj.Annotations,
            Privileged = ctx.Bool(spec, "privileged", s),
            HostPID = ctx.Bool(spec, "hostPID", s),
            HostIPC = ctx.Bool(spec, "hostIPC", s),
            HostNetwork = ctx.Bool(spec, "hostNetwork", s),
            HostPorts = Ranges(ctx, spec, "hostPorts", s),
            Volumes = ctx.Strings(spec, "volumes", s),
            AllowedHostPaths = HostPaths(ctx, spec, s),
            AllowedFlexVolumes = Named(ctx, spec, "allowedFlexVolumes", "driver", s),
            AllowedCSIDrivers = Named(ctx, spec, "allowedCSIDrivers", "name", s),
            ReadOnlyRootFilesystem = ctx.Bool(spec, "readOnlyRootFilesystem", s),
            AllowPrivilegeEscalation = ctx.Bool(spec, "allowPrivilegeEscalation", s),
            DefaultAllowPrivilegeEscalation = ctx.Bool(spec, "defaultAllowPrivilegeEscalation", s),
            DefaultAddCapabilities = ctx.Strings(spec, "defaultAddCapabilities", s),
            RequiredDropCapabilities = ctx.Strings(spec, "requiredDropCapabilities", s),
            AllowedCapabilities = ctx.Strings(spec, "allowedCapabilities", s),
            AllowedProcMountTypes = ctx.Strings(spec, "allowedProcMountTypes", s),
            AllowedUnsafeSysctls = ctx.Strings(spec, "allowedUnsafeSysctls", s),
            ForbiddenSysctls = ctx.Strings(spec, "forbiddenSysctls", s),
            RunAsUser = Strategy(ctx, spec, "runAsUser", s),
            RunAsGroup = Strategy(ctx, spec, "runAsGroup", s),
            FsGroup = Strategy(ctx, spec, "fsGroup", s),
            SupplementalGroups = Strategy(ctx, spec, "supplementalGroups", s),
            SeLinuxRule = ctx.String(seLinux, "rule", seLinuxPath),
            SeLinuxOptions = SeLinuxOptions(ctx, seLinux, seLinuxPath),
            HasRuntimeClass = runtimeClass != null,
            AllowedRuntimeClassNames = ctx.Strings(runtimeClass, "allowedRuntimeClassNames", rcPath),
            DefaultRuntimeClassName = ctx.String(runtimeClass, "defaultRuntimeClassName", rcPath),
        };
    }

    private static PspIdStrategy Strategy(DecodeContext ctx, YMapping? spec, string key, string specPath) =>
        ctx.Nested(spec, key, specPath, static (m, path, ctx) => new PspIdStrategy(ctx.String(m, "rule", path), Ranges(ctx, m, "ranges", path))) ?? PspIdStrategy.Absent;

    private static List<PspRange> Ranges(DecodeContext ctx, YMapping? owner, string key, string ownerPath)
    {
        var list = new List<PspRange>();
        foreach (var (r, rPath, _) in ctx.MappingItems(owner, key, ownerPath))
        {
            // An absent min or max is 0 after decoding, as Go's zero value.
            var min = ctx.Int64(r, "min", rPath);
            var max = ctx.Int64(r, "max", rPath);
            list.Add(new PspRange(min.IsSet ? min.Value : 0, max.IsSet ? max.Value : 0, r.Position, rPath));
        }
        return list;
    }

    private static List<PspHostPath> HostPaths(DecodeContext ctx, YMapping? spec, string specPath)
    {
        var list = new List<PspHostPath>();
        foreach (var (h, hPath, _) in ctx.MappingItems(spec, "allowedHostPaths", specPath))
        {
            list.Add(new PspHostPath(ctx.String(h, "pathPrefix", hPath), ctx.Bool(h, "readOnly", hPath).Is(true), h.Position, hPath));
        }
        return list;
    }

    /// <summary>A list of objects with one string field (allowedFlexVolumes[].driver, allowedCSIDrivers[].name).</summary>
    private static List<Field<string>> Named(DecodeContext ctx, YMapping? spec, string key, string field, string specPath)
    {
        var list = new List<Field<string>>();
        foreach (var (m, mPath, _) in ctx.MappingItems(spec, key, specPath))
        {
            var value = ctx.String(m, field, mPath);
            // Keep an empty entry (with the item's position) so validation can say the name is required.
            list.Add(value.IsSet ? value : new Field<string>("", m.Position, mPath, field));
        }
        return list;
    }

    private static PspSeLinuxOptions? SeLinuxOptions(DecodeContext ctx, YMapping? seLinux, string path) =>
        ctx.Nested(seLinux, "seLinuxOptions", path, static (m, p, ctx) =>
        {
            string Get(string key) => ctx.String(m, key, p) is { IsSet: true } f ? f.Value : "";
            return new PspSeLinuxOptions(Get("user"), Get("role"), Get("type"), Get("level"));
        });
}
