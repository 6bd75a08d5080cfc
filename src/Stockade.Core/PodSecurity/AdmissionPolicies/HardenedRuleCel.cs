using Stockade.Rules.Workload;
using static Stockade.PodSecurity.AdmissionPolicies.CelText;
using static Stockade.PodSecurity.AdmissionPolicies.HardenedCelText;

namespace Stockade.PodSecurity.AdmissionPolicies;

/// <summary>
/// The hardened pod rules CEL expresses exactly, each as the list of its findings' messages (in the
/// order the rule reports them; empty when the pod passes), mirroring the rule's <c>Check</c> line by
/// line. The rules' settings are their defaults (the generated policy has no .stockade.yaml to read).
/// </summary>
internal static class HardenedRuleCel
{
    /// <summary>The findings expression of every rule expressed, by rule id.</summary>
    public static IReadOnlyDictionary<string, string> Findings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["privileged-container"] =
            $"{AllContainers}.filter(c, {Sc("c")}.?privileged.orValue(false) == true).map(c, {ContainerWords("c")} runs privileged (securityContext.privileged=true)')",
        ["privilege-escalation-allowed"] = PrivilegeEscalation,
        ["windows-host-process"] =
            When($"{PodSc}.?windowsOptions.?hostProcess.orValue(false) == true",
                "'pod runs its containers as Windows HostProcess containers (securityContext.windowsOptions.hostProcess=true)'") +
            $" + {AllContainers}.filter(c, {Sc("c")}.?windowsOptions.?hostProcess.orValue(false) == true)" +
            $".map(c, {ContainerWords("c")} is a Windows HostProcess container (securityContext.windowsOptions.hostProcess=true)')",
        ["host-network"] = When($"{Spec}.?hostNetwork.orValue(false) == true", "'pod shares the node\\'s network and UTS namespaces (spec.hostNetwork=true)'"),
        ["host-pid"] = When($"{Spec}.?hostPID.orValue(false) == true", "'pod shares the node\\'s process namespace (spec.hostPID=true)'"),
        ["host-ipc"] = When($"{Spec}.?hostIPC.orValue(false) == true", "'pod shares the node\\'s IPC namespace (spec.hostIPC=true)'"),
        ["host-port"] = HostPort,
        ["host-path-volume"] =
            $"{Spec}.?volumes.orValue([]).filter(v, v.?hostPath.hasValue())" +
            ".map(v, 'volume \"' + v.?name.orValue('(unnamed)') + '\" mounts node path \"' + v.hostPath.?path.orValue('(no path)') + '\" (hostPath)')",
        ["host-path-writable"] = HostPathWritable,
        ["capabilities-drop-all"] =
            $"({IsWindows} ? [] : {AllContainers}.filter(c, !{DropsCapability(Drops("c"), "ALL")}).map(c, {ContainerWords("c")} ' + " +
            $"(size({Drops("c")}) == 0 ? 'drops no capabilities' : 'drops only ' + {Drops("c")}.join(', ')) + '; capabilities.drop should contain ALL' + {DropHint(Drops("c"), "ALL")}))",
        ["net-raw-not-dropped"] = NetRaw,
        ["dangerous-capabilities"] = PerContainer(
            $"{Adds("c")}.filter(a, {Capability("a")} in {List(DangerousCapabilities.Names.Default.Order(StringComparer.Ordinal))})" +
            $".map(a, {ContainerWords("c")} adds dangerous capability ' + {Capability("a")} + ' (capabilities.add \"' + a + '\")')"),
        ["capabilities-added"] = PerContainer(
            $"{Adds("c")}.filter(a, !({Capability("a")} in {List(CapabilitiesAdded.AllowedAdded.Default.Concat(DangerousCapabilities.Names.Default).Distinct().Order(StringComparer.Ordinal))}))" +
            $".map(a, {ContainerWords("c")} adds capability ' + {Capability("a")} + ', which is not in the allow-list (capabilities.add \"' + a + '\")')"),
        ["unmasked-procmount"] =
            $"{AllContainers}.filter(c, {Sc("c")}.?procMount.orValue('Default') != 'Default')" +
            $".map(c, {ContainerWords("c")} uses procMount \"' + {Sc("c")}.procMount + '\" instead of Default')",
        ["unsafe-sysctls"] = Sysctls,
        ["run-as-root"] = RunAsRoot,
        ["low-user-id"] = LowUserId,
        ["low-group-id"] = LowGroupId,
        ["writable-root-filesystem"] = $"({IsWindows} ? [] : {AllContainers}.filter(c, {Sc("c")}.?readOnlyRootFilesystem.orValue(false) != true)" +
            $".map(c, {ContainerWords("c")} has a writable root filesystem (' + ({Sc("c")}.?readOnlyRootFilesystem.hasValue() ? 'readOnlyRootFilesystem=false' : 'readOnlyRootFilesystem is not set; it defaults to false') + ')'))",
        ["host-aliases"] = $"(size({Spec}.?hostAliases.orValue([])) == 0 ? [] : ['pod adds ' + string(size({Spec}.hostAliases)) + ' entr' + (size({Spec}.hostAliases) == 1 ? 'y' : 'ies') + ' to its containers\\' /etc/hosts (spec.hostAliases)'])",
        ["image-tag-mutable"] = ImageTagMutable,
    };

    /// <summary><see cref="PrivilegeEscalationAllowed"/>: why the runtime lets the container escalate whatever the field says ('' when nothing does).</summary>
    private static string ForcedBy(string c) =>
        $"({Sc(c)}.?privileged.orValue(false) == true ? 'is privileged' : {Adds(c)}.exists(a, {Capability("a")} == 'SYS_ADMIN') ? " +
        $"'adds CAP_SYS_ADMIN (capabilities.add \"' + {Adds(c)}.filter(a, {Capability("a")} == 'SYS_ADMIN')[0] + '\")' : '')";

    private static string PrivilegeEscalation
    {
        get
        {
            var ape = $"{Sc("c")}.?allowPrivilegeEscalation";
            return $"({IsWindows} ? [] : {AllContainers}.filter(c, !({ape}.orValue(true) == false && {ForcedBy("c")} == '')).map(c, " +
                $"{ape}.orValue(true) == false ? {ContainerWords("c")} sets allowPrivilegeEscalation=false, but it is effectively true because the container ' + {ForcedBy("c")} : " +
                $"{ape}.hasValue() ? {ContainerWords("c")} allows privilege escalation (securityContext.allowPrivilegeEscalation=true)' : " +
                $"{ContainerWords("c")} does not set allowPrivilegeEscalation=false (unset defaults to true' + ({ForcedBy("c")} == '' ? '' : '; it would be effectively true anyway because the container ' + {ForcedBy("c")}) + ')'))";
        }
    }

    /// <summary><see cref="HostPort"/>: a hostPort, or with hostNetwork a containerPort the defaulting copies into it (not for ephemeral containers).</summary>
    private static string HostPort
    {
        get
        {
            string Ports(string list, bool copied) => Flatten($"{Spec}.?{list}.orValue([]).map(c, c.?ports.orValue([]).filter(p, p.?hostPort.orValue(0) != 0" +
                (copied ? $" || {Spec}.?hostNetwork.orValue(false) == true && p.?containerPort.orValue(0) != 0" : "") + ").map(p, " +
                $"p.?hostPort.orValue(0) != 0 ? {ContainerWords("c")} binds node port ' + string(p.hostPort) + ' (hostPort=' + string(p.hostPort) + ')' : " +
                $"{ContainerWords("c")} binds node port ' + string(p.containerPort) + ': with hostNetwork=true Kubernetes sets hostPort to containerPort ' + string(p.containerPort)))");
            return $"{Ports("initContainers", true)} + {Ports("containers", true)} + {Ports("ephemeralContainers", false)}";
        }
    }

    /// <summary><see cref="HostPathWritable"/>: a mount of a hostPath volume (the first of its name) not read-only.</summary>
    private static string HostPathWritable
    {
        get
        {
            const string hostPaths = $"{Spec}.?volumes.orValue([]).filter(v, v.?hostPath.hasValue() && v.?name.hasValue())";
            return PerContainer($"c.?volumeMounts.orValue([]).filter(m, m.?name.hasValue() && {hostPaths}.exists(v, v.name == m.name) && m.?readOnly.orValue(false) != true)" +
                $".map(m, {ContainerWords("c")} mounts hostPath volume \"' + m.name + '\" (node path \"' + {hostPaths}.filter(v, v.name == m.name)[0].hostPath.?path.orValue('(no path)') + " +
                "'\") writable (' + (m.?readOnly.hasValue() ? 'readOnly=false' : 'readOnly unset, defaults to false') + ')')");
        }
    }

    /// <summary><see cref="NetRawNotDropped"/>: an explicit drop of NET_RAW wins, then an add of it, then a drop of ALL; drops count only as every runtime honours them.</summary>
    private static string NetRaw =>
        $"({IsWindows} ? [] : {AllContainers}.filter(c, !{DropsCapability(Drops("c"), "NET_RAW")} && ({AddsCapability(Adds("c"), "NET_RAW")} || !{DropsCapability(Drops("c"), "ALL")})).map(c, " +
        $"{AddsCapability(Adds("c"), "NET_RAW")} ? {ContainerWords("c")} adds NET_RAW (capabilities.add \"' + {Adds("c")}.filter(a, {Capability("a")} == 'NET_RAW')[0] + '\")' : " +
        $"{ContainerWords("c")} keeps NET_RAW: capabilities.drop contains neither ALL nor NET_RAW' + {DropHint(Drops("c"), "NET_RAW", "ALL")}))";

    /// <summary><see cref="UnsafeSysctls.ToDotSeparated"/>: when the first separator is '/', '/' and '.' swap.</summary>
    private static string DotSeparated(string s) =>
        $"({s}.indexOf('/') >= 0 && ({s}.indexOf('.') < 0 || {s}.indexOf('/') < {s}.indexOf('.')) ? {s}.split('/').map(p, p.split('.').join('/')).join('.') : {s})";

    private static string Sysctls =>
        $"{PodSc}.?sysctls.orValue([]).filter(s, s.?name.hasValue() && !({DotSeparated("s.name")} in {List(Controls.Sysctls.SafeAtLatest.Order(StringComparer.Ordinal))}))" +
        $".map(s, 'pod sets sysctl ' + ({DotSeparated("s.name")} == s.name ? s.name : s.name + ' (' + {DotSeparated("s.name")} + ')') + ', which is not in the Pod Security Standards safe set')";

    private static string RunAsRoot
    {
        get
        {
            var user = Inherited("c", "runAsUser");
            var nonRoot = Inherited("c", "runAsNonRoot");
            var noUserAbove0 = $"!({user}.orValue(0) > 0)";
            return $"({IsWindows} ? [] : {AllContainers}.filter(c, {user}.orValue(-1) == 0 || {nonRoot}.orValue(false) != true && {noUserAbove0}).map(c, " +
                $"{user}.orValue(-1) == 0 ? {ContainerWords("c")} runs as root (runAsUser=0)' : " +
                $"{nonRoot}.orValue(true) == false ? {ContainerWords("c")} may run as root (runAsNonRoot=false and no runAsUser above 0)' : " +
                $"{ContainerWords("c")} may run as root: neither runAsNonRoot=true nor a runAsUser above 0 is set, so the image\\'s USER is used'))";
        }
    }

    private static string LowUserId
    {
        get
        {
            var user = Inherited("c", "runAsUser");
            var t = Rules.Workload.LowUserId.UserIdAbove.Default;
            return $"({IsWindows} ? [] : {AllContainers}.filter(c, {user}.orValue(0) > 0 && {user}.orValue(0) <= {t})" +
                $".map(c, {ContainerWords("c")} runs as UID ' + string({user}.orValue(0)) + ', at or below {t} (runAsUser=' + string({user}.orValue(0)) + ')'))";
        }
    }

    private static string LowGroupId
    {
        get
        {
            var t = Rules.Workload.LowGroupId.GroupIdAbove.Default;
            var group = Inherited("c", "runAsGroup");
            string Describe(string gid) => $"({gid} == 0 ? 'GID 0, the root group' : 'GID ' + string({gid}) + ', at or below {t}')";
            return $"({IsWindows} ? [] : {AllContainers}.filter(c, !{group}.hasValue() || {group}.orValue(0) <= {t}).map(c, !{group}.hasValue() ? " +
                $"{ContainerWords("c")} sets no runAsGroup, so it runs with the image\\'s primary group (usually 0, the root group)' : " +
                $"{ContainerWords("c")} runs with ' + {Describe($"{group}.orValue(0)")} + ' (runAsGroup=' + string({group}.orValue(0)) + ')') + " +
                When($"{PodSc}.?fsGroup.hasValue() && {PodSc}.fsGroup <= {t}", $"'pod volumes are owned by ' + {Describe($"{PodSc}.fsGroup")} + ' (fsGroup=' + string({PodSc}.fsGroup) + ')'") + " + " +
                $"{PodSc}.?supplementalGroups.orValue([]).filter(g, g <= {t}).map(g, 'every container carries ' + {Describe("g")} + ' (supplementalGroups contains ' + string(g) + ')'))";
        }
    }

    /// <summary><see cref="ImageReference"/>: no digest, and no tag (the last ':' not after the last '/') or <c>latest</c>.</summary>
    private static string ImageTagMutable
    {
        get
        {
            const string image = "c.image";
            var tagged = $"{image}.lastIndexOf(':') > {image}.lastIndexOf('/')";
            var latest = $"{image}.substring({image}.lastIndexOf(':') + 1) == 'latest'";
            return $"{AllContainers}.filter(c, c.?image.hasValue() && {image}.indexOf('@') < 0 && (!({tagged}) || {latest}))" +
                $".map(c, 'container \"' + {Name("c")} + '\": image \"' + {image} + '\" ' + ({tagged} ? 'uses the latest tag' : 'has no tag (latest is pulled)'))";
        }
    }
}
