using System.Text.Json.Nodes;

namespace Stockade.Tests.PodSecurity.Upstream;

/// <summary>
/// Turns the Go values of a table case into the Pod JSON the API server would hand Pod Security
/// Admission: Go field names become JSON names, pointers their target, <c>nil</c> an absent field.
/// Every field and constant is listed here; an unknown one fails the port instead of being dropped.
/// </summary>
public static class GoPod
{
    /// <summary>Go field name → JSON name; empty for an embedded struct whose fields are inlined.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["ObjectMeta"] = "metadata", ["Spec"] = "spec", ["Annotations"] = "annotations", ["Name"] = "name", ["Value"] = "value",
        ["SecurityContext"] = "securityContext", ["Containers"] = "containers", ["InitContainers"] = "initContainers",
        ["EphemeralContainers"] = "ephemeralContainers", ["Volumes"] = "volumes", ["HostNetwork"] = "hostNetwork",
        ["HostPID"] = "hostPID", ["HostIPC"] = "hostIPC", ["HostUsers"] = "hostUsers", ["OS"] = "os",
        ["Image"] = "image", ["Ports"] = "ports", ["HostPort"] = "hostPort", ["ContainerPort"] = "containerPort",
        ["LivenessProbe"] = "livenessProbe", ["ReadinessProbe"] = "readinessProbe", ["StartupProbe"] = "startupProbe",
        ["ProbeHandler"] = "", ["HTTPGet"] = "httpGet", ["TCPSocket"] = "tcpSocket", ["Host"] = "host",
        ["Lifecycle"] = "lifecycle", ["PostStart"] = "postStart", ["PreStop"] = "preStop",
        ["AllowPrivilegeEscalation"] = "allowPrivilegeEscalation", ["Privileged"] = "privileged", ["Capabilities"] = "capabilities",
        ["Add"] = "add", ["Drop"] = "drop", ["RunAsNonRoot"] = "runAsNonRoot", ["RunAsUser"] = "runAsUser",
        ["SELinuxOptions"] = "seLinuxOptions", ["Type"] = "type", ["User"] = "user", ["Role"] = "role",
        ["SeccompProfile"] = "seccompProfile", ["AppArmorProfile"] = "appArmorProfile", ["ProcMount"] = "procMount",
        ["WindowsOptions"] = "windowsOptions", ["HostProcess"] = "hostProcess", ["Sysctls"] = "sysctls",
        ["VolumeSource"] = "", ["HostPath"] = "hostPath", ["EmptyDir"] = "emptyDir", ["Secret"] = "secret",
        ["PersistentVolumeClaim"] = "persistentVolumeClaim", ["DownwardAPI"] = "downwardAPI", ["ConfigMap"] = "configMap",
        ["Projected"] = "projected", ["CSI"] = "csi", ["Ephemeral"] = "ephemeral", ["GCEPersistentDisk"] = "gcePersistentDisk",
        ["AWSElasticBlockStore"] = "awsElasticBlockStore", ["GitRepo"] = "gitRepo", ["NFS"] = "nfs", ["ISCSI"] = "iscsi",
        ["Glusterfs"] = "glusterfs", ["RBD"] = "rbd", ["FlexVolume"] = "flexVolume", ["Cinder"] = "cinder", ["CephFS"] = "cephfs",
        ["Flocker"] = "flocker", ["FC"] = "fc", ["AzureFile"] = "azureFile", ["VsphereVolume"] = "vsphereVolume",
        ["Quobyte"] = "quobyte", ["AzureDisk"] = "azureDisk", ["PhotonPersistentDisk"] = "photonPersistentDisk",
        ["PortworxVolume"] = "portworxVolume", ["ScaleIO"] = "scaleIO", ["StorageOS"] = "storageos",
    };

    /// <summary>The k8s.io/api constants the cases use, with their values.</summary>
    private static readonly Dictionary<string, string> Constants = new(StringComparer.Ordinal)
    {
        ["corev1.Windows"] = "windows", ["corev1.Linux"] = "linux",
        ["corev1.SeccompProfileTypeUnconfined"] = "Unconfined", ["corev1.SeccompProfileTypeRuntimeDefault"] = "RuntimeDefault",
        ["corev1.SeccompProfileTypeLocalhost"] = "Localhost",
        ["corev1.AppArmorProfileTypeUnconfined"] = "Unconfined", ["corev1.AppArmorProfileTypeRuntimeDefault"] = "RuntimeDefault",
        ["corev1.AppArmorProfileTypeLocalhost"] = "Localhost",
        ["corev1.DefaultProcMount"] = "Default", ["corev1.UnmaskedProcMount"] = "Unmasked",
        ["corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix"] = "container.apparmor.security.beta.kubernetes.io/",
    };

    /// <summary>Conversions to a named string type: <c>corev1.ProcMountType("other")</c>.</summary>
    private static readonly HashSet<string> Conversions = new(StringComparer.Ordinal) { "corev1.ProcMountType", "corev1.Capability" };

    /// <summary>The Pod of a case: its <c>pod</c>, or its <c>metaData</c> and <c>podSpec</c>.</summary>
    public static JsonObject Of(GoComposite testCase, IReadOnlyDictionary<string, GoValue> locals)
    {
        JsonObject pod;
        if (testCase.Field("pod") is { } podValue) pod = (JsonObject)ToJson(podValue, locals)!;
        else
        {
            pod = new JsonObject();
            if (testCase.Field("metaData") is { } meta && ToJson(meta, locals) is { } metadata) pod["metadata"] = metadata;
            if (testCase.Field("podSpec") is { } spec && ToJson(spec, locals) is { } podSpec) pod["spec"] = podSpec;
        }
        // A Go Pod's zero ObjectMeta and PodSpec are still there: empty, not absent.
        pod["metadata"] ??= new JsonObject();
        pod["spec"] ??= new JsonObject();
        var document = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod" };
        foreach (var (key, value) in pod.ToList())
        {
            pod.Remove(key);
            document[key] = value;
        }
        return document;
    }

    /// <summary>A scalar field of a case (<c>name</c>, <c>expectReason</c>, <c>allowed</c>), resolved.</summary>
    public static GoValue? Scalar(GoComposite testCase, string field, IReadOnlyDictionary<string, GoValue> locals) =>
        testCase.Field(field) is { } value ? Resolve(value, locals) : null;

    public static string Text(GoComposite testCase, string field, IReadOnlyDictionary<string, GoValue> locals) =>
        Scalar(testCase, field, locals) switch
        {
            null => "",
            GoString s => s.Value,
            var other => throw new FormatException($"field {field} is not a string: {other}"),
        };

    public static bool? Bool(GoComposite testCase, string field, IReadOnlyDictionary<string, GoValue> locals) =>
        Scalar(testCase, field, locals) switch
        {
            null => null,
            GoName { Name: "true" } => true,
            GoName { Name: "false" } => false,
            var other => throw new FormatException($"field {field} is not a bool: {other}"),
        };

    /// <summary>Resolves names, pointers, conversions and concatenation down to literals and composites; nil is null.</summary>
    private static GoValue? Resolve(GoValue value, IReadOnlyDictionary<string, GoValue> locals) => value switch
    {
        GoName { Name: "nil" } => null,
        GoName { Name: "true" or "false" } => value,
        GoName n when locals.TryGetValue(n.Name, out var local) => Resolve(local, locals),
        GoName n when Constants.TryGetValue(n.Name, out var constant) => new GoString(constant),
        GoName n => throw new FormatException($"unknown Go name {n.Name}: add its value to GoPod.Constants"),
        GoAddress a => Resolve(a.Value, locals),
        GoCall { Name: "ptr.To", Args: [var target] } => Resolve(target, locals),
        GoCall { Args: [var converted] } c when Conversions.Contains(c.Name) => Resolve(converted, locals),
        GoCall { Name: "+", Args: [var left, var right] } => new GoString(Str(left, locals) + Str(right, locals)),
        GoCall { Name: "strings.Join", Args: [GoComposite items, var separator] } =>
            new GoString(string.Join(Str(separator, locals), items.Elements.Select(e => Str(e.Value, locals)))),
        GoCall c => throw new FormatException($"unsupported Go call {c.Name}"),
        _ => value,
    };

    private static string Str(GoValue value, IReadOnlyDictionary<string, GoValue> locals) =>
        Resolve(value, locals) is GoString s ? s.Value : throw new FormatException($"not a string: {value}");

    private static JsonNode? ToJson(GoValue value, IReadOnlyDictionary<string, GoValue> locals)
    {
        switch (Resolve(value, locals))
        {
            case null:
                return null;
            case GoString s:
                return JsonValue.Create(s.Value);
            case GoInt i:
                return JsonValue.Create(i.Value);
            case GoName b:
                return JsonValue.Create(b.Name == "true");
            case GoComposite { Type: { } type } list when type.StartsWith("[]", StringComparison.Ordinal):
                return new JsonArray(list.Elements.Select(e => ToJson(e.Value, locals)).ToArray());
            case GoComposite { Type: { } type } map when type.StartsWith("map[", StringComparison.Ordinal):
            {
                var obj = new JsonObject();
                foreach (var e in map.Elements) obj[Str(e.Key!, locals)] = ToJson(e.Value, locals);
                return obj;
            }
            case GoComposite structure:
                return Struct(structure, locals);
            case var other:
                throw new FormatException($"unsupported Go value {other}");
        }
    }

    private static JsonObject Struct(GoComposite structure, IReadOnlyDictionary<string, GoValue> locals)
    {
        var obj = new JsonObject();
        foreach (var e in structure.Elements)
        {
            if (e.Key is not GoName { Name: var field }) throw new FormatException($"struct literal {structure.Type} has an unkeyed field");
            if (!Fields.TryGetValue(field, out var json)) throw new FormatException($"unknown Go field {field}: add its JSON name to GoPod.Fields");
            var child = ToJson(e.Value, locals);
            if (child == null) continue;
            if (json.Length > 0)
            {
                obj[json] = child;
                continue;
            }
            foreach (var (key, inner) in ((JsonObject)child).ToList())
            {
                ((JsonObject)child).Remove(key);
                obj[key] = inner;
            }
        }
        return obj;
    }
}
