using static Stockade.PodSecurity.AdmissionPolicies.CelText;
using static Stockade.PodSecurity.AdmissionPolicies.ControlCels;

namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>
/// The baseline controls in CEL, each a transcription of its check in
/// <c>src/Stockade.Core/PodSecurity/Controls/</c> (which mirror upstream's <c>policy/check_*.go</c>),
/// worded as PSA words it. Helper variables are named <c>ID_what</c>.
/// </summary>
internal static class BaselineCel
{
    private static readonly string[] ValidProfileTypes = ["RuntimeDefault", "Localhost"];

    public static IReadOnlyList<CelVariable> HostNamespaces(string id) =>
    [
        new($"{id}_set", $"['hostNetwork', 'hostPID', 'hostIPC'].filter(f, f in {Spec} && {Spec}[f] == true)"),
        Message(id, $"size(variables.{id}_set) > 0", Lit("host namespaces"), $"variables.{id}_set.map(f, f + '=true').join(', ')"),
    ];

    public static IReadOnlyList<CelVariable> Privileged(string id) =>
    [
        new($"{id}_containers", $"{AllContainers}.filter(c, {Sc("c")}.?privileged.orValue(false) == true).map(c, {Name("c")})"),
        Message(id, $"size(variables.{id}_containers) > 0", Lit("privileged"),
            $"{Containers($"variables.{id}_containers")} + ' must not set securityContext.privileged=true'"),
    ];

    public static IReadOnlyList<CelVariable> Capabilities(string id)
    {
        var allowed = List(Controls.CapabilitiesBaseline.Allowed_1_0.Order(StringComparer.Ordinal));
        var adds = $"{Sc("c")}.?capabilities.?add.orValue([])";
        return
        [
            new($"{id}_containers", $"{AllContainers}.filter(c, {adds}.exists(a, !(a in {allowed}))).map(c, {Name("c")})"),
            new($"{id}_added", Flatten($"{AllContainers}.map(c, {adds}.filter(a, !(a in {allowed})))")),
            new($"{id}_sorted", SortedSet($"variables.{id}_added")),
            Message(id, $"size(variables.{id}_containers) > 0", Lit("non-default capabilities"),
                $"{Containers($"variables.{id}_containers")} + ' must not include ' + {JoinQuote($"variables.{id}_sorted")} + ' in securityContext.capabilities.add'"),
        ];
    }

    public static IReadOnlyList<CelVariable> HostPathVolumes(string id) =>
    [
        new($"{id}_volumes", $"variables.volumes.filter(v, 'hostPath' in v).map(v, {Name("v")})"),
        Message(id, $"size(variables.{id}_volumes) > 0", Lit("hostPath volumes"),
            $"{Plural($"variables.{id}_volumes", "volume", "volumes")} + ' ' + {JoinQuote($"variables.{id}_volumes")}"),
    ];

    public static IReadOnlyList<CelVariable> HostPorts(string id)
    {
        const string hostPorts = "c.?ports.orValue([]).filter(p, p.?hostPort.orValue(0) != 0)";
        return
        [
            new($"{id}_containers", $"{AllContainers}.filter(c, size({hostPorts}) > 0).map(c, {Name("c")})"),
            new($"{id}_ports", Flatten($"{AllContainers}.map(c, {hostPorts}.map(p, string(p.hostPort)))")),
            new($"{id}_sorted", SortedSet($"variables.{id}_ports")),
            Message(id, $"size(variables.{id}_containers) > 0", Lit("hostPort"),
                $"{Containers($"variables.{id}_containers")} + ' ' + {Plural($"variables.{id}_containers", "uses", "use")} + ' ' + " +
                $"{Plural($"variables.{id}_sorted", "hostPort", "hostPorts")} + ' ' + variables.{id}_sorted.join(', ')"),
        ];
    }

    /// <summary>Pod-level and container-level profile fields whose type is not allowed: the pieces both AppArmor and seccomp word alike.</summary>
    private static IEnumerable<CelVariable> BadProfileTypes(string id, string field)
    {
        var valid = List(ValidProfileTypes);
        yield return new($"{id}_pod", $"'{field}' in {PodSc} && !({PodSc}.{field}.?type.orValue('') in {valid})");
        var bad = $"'{field}' in {Sc("c")} && !(c.securityContext.{field}.?type.orValue('') in {valid})";
        yield return new($"{id}_containers", $"{AllContainers}.filter(c, {bad}).map(c, {Name("c")})");
        foreach (var v in Sorted($"{id}_types",
            $"(variables.{id}_pod ? [{PodSc}.{field}.?type.orValue('')] : []) + {AllContainers}.filter(c, {bad}).map(c, c.securityContext.{field}.?type.orValue(''))"))
        {
            yield return v;
        }
    }

    /// <summary>Two variables: <c>NAME_all</c> holds the values, <c>NAME</c> them as a sorted set (sorting reads the list many times).</summary>
    internal static IEnumerable<CelVariable> Sorted(string name, string values) =>
        [new($"{name}_all", values), new(name, SortedSet($"variables.{name}_all"))];

    private static string Setters(string podCondition, string containers) =>
        Parts((podCondition, "'pod'"), ($"size({containers}) > 0", Containers(containers)));

    public static IReadOnlyList<CelVariable> AppArmor(string id)
    {
        const string prefix = Kube.LegacyAnnotations.AppArmorContainerPrefix;
        var value = $"{Annotations}[k]";
        return
        [
            .. BadProfileTypes(id, "appArmorProfile"),
            .. Sorted($"{id}_annotations",
                $"{Annotations}.filter(k, k.startsWith({Lit(prefix)}) && !({value} == '' || {value} == 'runtime/default' || {value}.startsWith('localhost/')))"),
            new($"{id}_values", $"variables.{id}_types + variables.{id}_annotations.map(k, k + '=\"' + {value} + '\"')"),
            new($"{id}_setters", Setters($"variables.{id}_pod", $"variables.{id}_containers") +
                $" + (size(variables.{id}_annotations) > 0 ? [{Plural($"variables.{id}_annotations", "annotation", "annotations")}] : [])"),
            Message(id, $"size(variables.{id}_setters) > 0",
                Plural($"variables.{id}_values", "forbidden AppArmor profile", "forbidden AppArmor profiles"),
                $"variables.{id}_setters.join(' and ') + ' must not set AppArmor profile type to ' + {JoinQuote($"variables.{id}_values")}"),
        ];
    }

    public static IReadOnlyList<CelVariable> SeLinux(string id, IReadOnlyList<string> allowedTypes)
    {
        var allowed = List(allowedTypes);
        string Invalid(string o) => $"(!({o}.?type.orValue('') in {allowed}) || {o}.?user.orValue('') != '' || {o}.?role.orValue('') != '')";
        return
        [
            new($"{id}_options", $"('seLinuxOptions' in {PodSc} ? [{PodSc}.seLinuxOptions] : []) + " +
                $"{AllContainers}.filter(c, 'seLinuxOptions' in {Sc("c")}).map(c, c.securityContext.seLinuxOptions)"),
            new($"{id}_pod", $"'seLinuxOptions' in {PodSc} && {Invalid($"{PodSc}.seLinuxOptions")}"),
            new($"{id}_containers", $"{AllContainers}.filter(c, 'seLinuxOptions' in {Sc("c")} && {Invalid("c.securityContext.seLinuxOptions")}).map(c, {Name("c")})"),
            .. Sorted($"{id}_types", $"variables.{id}_options.filter(o, !(o.?type.orValue('') in {allowed})).map(o, o.?type.orValue(''))"),
            new($"{id}_data", Parts(
                ($"size(variables.{id}_types) > 0", $"{Plural($"variables.{id}_types", "type", "types")} + ' ' + {JoinQuote($"variables.{id}_types")}"),
                ($"variables.{id}_options.exists(o, o.?user.orValue('') != '')", "'user may not be set'"),
                ($"variables.{id}_options.exists(o, o.?role.orValue('') != '')", "'role may not be set'"))),
            new($"{id}_setters", Setters($"variables.{id}_pod", $"variables.{id}_containers")),
            Message(id, $"size(variables.{id}_setters) > 0", Lit("seLinuxOptions"),
                $"variables.{id}_setters.join(' and ') + ' set forbidden securityContext.seLinuxOptions: ' + variables.{id}_data.join('; ')"),
        ];
    }

    /// <summary>Every container's procMount unset or Default; the restricted control uses it unrelaxed.</summary>
    public static IReadOnlyList<CelVariable> ProcMount(string id, bool relaxForUserNamespaces)
    {
        var bad = $"{Sc("c")}.?procMount.orValue('Default') != 'Default'";
        var failing = $"size(variables.{id}_containers) > 0";
        return
        [
            new($"{id}_containers", $"{AllContainers}.filter(c, {bad}).map(c, {Name("c")})"),
            .. Sorted($"{id}_types", $"{AllContainers}.filter(c, {bad}).map(c, c.securityContext.procMount)"),
            Message(id, relaxForUserNamespaces ? $"!{HostUsersFalse} && {failing}" : failing, Lit("procMount"),
                $"{Containers($"variables.{id}_containers")} + ' must not set securityContext.procMount to ' + {JoinQuote($"variables.{id}_types")}"),
        ];
    }

    public static IReadOnlyList<CelVariable> SeccompAnnotations(string id)
    {
        const string podKey = Kube.LegacyAnnotations.SeccompPod;
        const string prefix = Kube.LegacyAnnotations.SeccompContainerPrefix;
        string Invalid(string v) => $"!({v} == 'runtime/default' || {v} == 'docker/default' || {v}.startsWith('localhost/'))";
        var key = $"({Lit(prefix)} + {Name("c")})";
        return
        [
            .. Sorted($"{id}_forbidden",
                $"(({Lit(podKey)} in {Annotations} && {Invalid($"{Annotations}[{Lit(podKey)}]")}) ? [{Lit(podKey)} + '=\"' + {Annotations}[{Lit(podKey)}] + '\"'] : []) + " +
                $"{AllContainers}.filter(c, {key} in {Annotations} && {Invalid($"{Annotations}[{key}]")}).map(c, {key} + '=\"' + {Annotations}[{key}] + '\"')"),
            Message(id, $"size(variables.{id}_forbidden) > 0", Lit("seccompProfile"),
                $"'forbidden ' + {Plural($"variables.{id}_forbidden", "annotation", "annotations")} + ' ' + variables.{id}_forbidden.join(', ')"),
        ];
    }

    public static IReadOnlyList<CelVariable> SeccompFields(string id) =>
    [
        .. BadProfileTypes(id, "seccompProfile"),
        new($"{id}_setters", Setters($"variables.{id}_pod", $"variables.{id}_containers")),
        Message(id, $"size(variables.{id}_setters) > 0", Lit("seccompProfile"),
            $"variables.{id}_setters.join(' and ') + ' must not set securityContext.seccompProfile.type to ' + {JoinQuote($"variables.{id}_types")}"),
    ];

    public static IReadOnlyList<CelVariable> Sysctls(string id, IReadOnlyList<string> allowed) =>
    [
        new($"{id}_forbidden", $"{PodSc}.?sysctls.orValue([]).map(s, {Name("s")}).filter(n, !(n in {List(allowed)}))"),
        Message(id, $"size(variables.{id}_forbidden) > 0", Lit("forbidden sysctls"), $"variables.{id}_forbidden.join(', ')"),
    ];

    public static IReadOnlyList<CelVariable> WindowsHostProcess(string id) =>
    [
        new($"{id}_pod", $"{PodSc}.?windowsOptions.?hostProcess.orValue(false) == true"),
        new($"{id}_containers", $"{AllContainers}.filter(c, {Sc("c")}.?windowsOptions.?hostProcess.orValue(false) == true).map(c, {Name("c")})"),
        new($"{id}_setters", Setters($"variables.{id}_pod", $"variables.{id}_containers")),
        Message(id, $"size(variables.{id}_setters) > 0", Lit("hostProcess"),
            $"variables.{id}_setters.join(' and ') + ' must not set securityContext.windowsOptions.hostProcess=true'"),
    ];

    public static IReadOnlyList<CelVariable> HostProbesAndLifecycle(string id)
    {
        string[] handlers = ["c.?livenessProbe", "c.?readinessProbe", "c.?startupProbe", "c.?lifecycle.?postStart", "c.?lifecycle.?preStop"];
        var hosts = "[" + string.Join(", ", handlers.SelectMany(h => new[] { $"{h}.?httpGet.?host.orValue('')", $"{h}.?tcpSocket.?host.orValue('')" })) + "].filter(h, h != '')";
        return
        [
            .. Sorted($"{id}_containers", $"{AllContainers}.filter(c, size({hosts}) > 0).map(c, {Name("c")})"),
            .. Sorted($"{id}_hosts", Flatten($"{AllContainers}.map(c, {hosts})")),
            Message(id, $"size(variables.{id}_containers) > 0", Lit("probe or lifecycle host"),
                $"{Containers($"variables.{id}_containers")} + ' ' + {Plural($"variables.{id}_containers", "uses", "use")} + ' ' + " +
                $"{Plural($"variables.{id}_hosts", "probe or lifecycle host", "probe or lifecycle hosts")} + ' ' + {JoinQuote($"variables.{id}_hosts")}"),
        ];
    }
}
