using Stockade.Psp;
using static Stockade.Tests.Psp.PspTestKit;

namespace Stockade.Tests.Psp;

public class PspStrategyTests
{
    private static string Controls(List<PspError> errors) => string.Join(",", errors.Select(e => e.Control));

    [Fact]
    public void Privileged_refused_unless_allowed()
    {
        var pod = Plain + "\n  securityContext:\n    privileged: true # <-";
        var e = Assert.Single(Check("", pod));
        Assert.Equal("privileged", e.Control);
        Assert.Equal("spec.containers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed", e.Message);
        Assert.Equal(TestScan.MarkedLine(TestScan.Pod(pod)), e.Position.Line);
        Assert.Empty(Check("privileged: true", pod));
    }

    [Theory]
    [InlineData("hostNetwork", "Host network is not allowed to be used")]
    [InlineData("hostPID", "Host PID is not allowed to be used")]
    [InlineData("hostIPC", "Host IPC is not allowed to be used")]
    public void Host_namespaces(string field, string detail)
    {
        var pod = $"{field}: true\n" + Plain;
        Assert.Contains(detail, Assert.Single(Check("", pod)).Message);
        Assert.Empty(Check($"{field}: true", pod));
    }

    [Theory]
    [InlineData(8079, false)]
    [InlineData(8080, true)]
    [InlineData(8090, true)]
    [InlineData(8091, false)]
    [InlineData(9000, true)]
    public void Host_port_range_edges(int port, bool allowed)
    {
        var errors = Check("hostPorts:\n- {min: 8080, max: 8090}\n- {min: 9000, max: 9000}", Plain + $"\n  ports:\n  - containerPort: 80\n    hostPort: {port}");
        Assert.Equal(allowed, errors.Count == 0);
        if (!allowed) Assert.Contains($"Host port {port} is not allowed to be used. Allowed ports: [8080-8090,9000]", errors[0].Message);
    }

    [Fact]
    public void Volume_types_and_wildcard()
    {
        var pod = Plain + "\nvolumes:\n- name: h\n  hostPath: {path: /data}\n- name: c\n  cephfs: {monitors: [a]}";
        var errors = Check("volumes: [cephFS]", pod);
        Assert.Equal("hostPath volumes are not allowed to be used", Assert.Single(errors).Message.Split(": ")[^1]);
        Assert.Empty(Check("volumes: ['*']", pod));
    }

    [Theory]
    [InlineData("/var/log", "/var/log", true)]
    [InlineData("/var/log/pods", "/var/log", true)]
    [InlineData("/var/logs", "/var/log", false)]
    [InlineData("/var/log/../../etc", "/var/log", false)]
    [InlineData("/var//log/", "/var/log", true)]
    [InlineData("/etc", "/", true)]
    public void Host_path_prefix_matches_on_segments(string path, string prefix, bool allowed)
    {
        var errors = Check($"allowedHostPaths:\n- pathPrefix: {prefix}", Plain + $"\nvolumes:\n- name: h\n  hostPath: {{path: '{path}'}}");
        Assert.Equal(allowed, errors.Count == 0);
    }

    [Fact]
    public void Read_only_host_path_needs_every_mount_read_only()
    {
        var pod = """
            containers:
            - name: a
              image: x
              volumeMounts: [{name: h, mountPath: /h, readOnly: true}]
            - name: b
              image: x
              volumeMounts: [{name: h, mountPath: /h}]
            volumes:
            - name: h
              hostPath: {path: /var/log}
            """;
        var e = Assert.Single(Check("allowedHostPaths:\n- {pathPrefix: /var/log, readOnly: true}", pod));
        Assert.Equal("b", e.Container);
        Assert.Contains("spec.containers[1].volumeMounts[0].readOnly: Invalid value: false: must be read-only", e.Message);
        // A writable entry matching the same path wins.
        Assert.Empty(Check("allowedHostPaths:\n- {pathPrefix: /var/log, readOnly: true}\n- {pathPrefix: /var}", pod));
    }

    [Fact]
    public void Flex_and_csi_drivers()
    {
        var pod = Plain + "\nvolumes:\n- name: f\n  flexVolume: {driver: acme/lvm}\n- name: c\n  csi: {driver: inline.csi.io}";
        Assert.Equal("allowedFlexVolumes,allowedCSIDrivers", Controls(Check("allowedFlexVolumes: [{driver: acme/cifs}]\nallowedCSIDrivers: [{name: other.csi.io}]", pod)));
        Assert.Empty(Check("allowedFlexVolumes: [{driver: acme/lvm}]\nallowedCSIDrivers: [{name: inline.csi.io}]", pod));
    }

    [Theory]
    [InlineData("", "MustRunAs", false)]            // absent under MustRunAs
    [InlineData("fsGroup: 5", "MustRunAs", true)]
    [InlineData("fsGroup: 100", "MustRunAs", true)]
    [InlineData("fsGroup: 101", "MustRunAs", false)]
    [InlineData("", "MayRunAs", true)]              // absent is fine under MayRunAs
    [InlineData("fsGroup: 4", "MayRunAs", false)]
    [InlineData("fsGroup: 0", "RunAsAny", true)]
    public void Fs_group_strategies(string podSc, string rule, bool allowed)
    {
        var spec = $"fsGroup:\n  rule: {rule}\n  ranges: [{{min: 5, max: 100}}]";
        var pod = (podSc.Length > 0 ? $"securityContext: {{{podSc}}}\n" : "") + Plain;
        var errors = Check(spec, pod);
        Assert.Equal(allowed, errors.Count == 0);
        if (!allowed) Assert.Equal("fsGroup", errors[0].Control);
    }

    [Fact]
    public void Supplemental_groups_each_in_range()
    {
        var errors = Check("supplementalGroups:\n  rule: MustRunAs\n  ranges: [{min: 1, max: 10}, {min: 20, max: 30}]", "securityContext: {supplementalGroups: [5, 25, 15]}\n" + Plain);
        Assert.Contains("group 15 must be in the ranges: [{1 10} {20 30}]", Assert.Single(errors).Message);
    }

    [Fact]
    public void Run_as_user_must_run_as_reads_the_pod_level_value()
    {
        var spec = "runAsUser:\n  rule: MustRunAs\n  ranges: [{min: 1000, max: 2000}]";
        Assert.Empty(Check(spec, "securityContext: {runAsUser: 1500}\n" + Plain));
        Assert.Contains("must be in the ranges: [{1000 2000}]", Assert.Single(Check(spec, "securityContext: {runAsUser: 999}\n" + Plain)).Message);
        Assert.Contains("runAsUser: Required value", Assert.Single(Check(spec, Plain)).Message);
    }

    [Fact]
    public void Run_as_non_root()
    {
        const string spec = "runAsUser: {rule: MustRunAsNonRoot}";
        Assert.Contains("runAsNonRoot: Required value: must be true", Assert.Single(Check(spec, Plain)).Message);
        Assert.Contains("running with the root UID is forbidden", Assert.Single(Check(spec, Plain + "\n  securityContext: {runAsUser: 0}")).Message);
        Assert.Contains("runAsNonRoot: Invalid value: false: must be true", Assert.Single(Check(spec, "securityContext: {runAsNonRoot: false}\n" + Plain)).Message);
        Assert.Empty(Check(spec, Plain + "\n  securityContext: {runAsUser: 1000}"));
    }

    [Fact]
    public void Run_as_group()
    {
        const string spec = "runAsGroup:\n  rule: MustRunAs\n  ranges: [{min: 1, max: 5}]";
        Assert.Equal("runAsGroup", Assert.Single(Check(spec, Plain + "\n  securityContext: {runAsGroup: 0}")).Control);
        Assert.Empty(Check(spec, Plain + "\n  securityContext: {runAsGroup: 5}"));
    }

    [Fact]
    public void Se_linux_must_run_as_compares_levels_as_category_sets()
    {
        const string spec = "seLinux:\n  rule: MustRunAs\n  seLinuxOptions: {level: 's0:c1,c2', type: spc_t}";
        Assert.Empty(Check(spec, "securityContext:\n  seLinuxOptions: {level: 's0:c2,c1', type: spc_t}\n" + Plain));
        var errors = Check(spec, "securityContext:\n  seLinuxOptions: {level: 's0:c3', type: spc_t}\n" + Plain);
        Assert.Contains(errors, e => e.Message.Contains("level: Invalid value: \"s0:c3\": must be s0:c1,c2"));
        Assert.Equal(2, Check(spec, Plain).Count); // pod and container both required
    }

    [Fact]
    public void Read_only_root_filesystem()
    {
        Assert.Contains("may not be nil", Assert.Single(Check("readOnlyRootFilesystem: true", Plain)).Message);
        Assert.Contains("must be set to true", Assert.Single(Check("readOnlyRootFilesystem: true", Plain + "\n  securityContext: {readOnlyRootFilesystem: false}")).Message);
    }

    [Fact]
    public void Allow_privilege_escalation_false_needs_explicit_false()
    {
        Assert.Equal("allowPrivilegeEscalation", Assert.Single(Check("allowPrivilegeEscalation: false", Plain)).Control);
        Assert.Empty(Check("allowPrivilegeEscalation: false", Plain + "\n  securityContext: {allowPrivilegeEscalation: false}"));
        Assert.Empty(Check("", Plain));
    }

    [Fact]
    public void Capabilities_allowed_default_and_required_drop()
    {
        var add = Plain + "\n  securityContext:\n    capabilities: {add: [NET_ADMIN, SYS_TIME], drop: [NET_RAW]}";
        var errors = Check("allowedCapabilities: [NET_ADMIN]\ndefaultAddCapabilities: [CHOWN]\nrequiredDropCapabilities: [KILL]", add);
        Assert.Contains(errors, e => e.Message.Contains("add: Invalid value: \"SYS_TIME\": capability may not be added"));
        Assert.Contains(errors, e => e.Message.Contains("KILL is required to be dropped but was not found"));
        Assert.Empty(Check("allowedCapabilities: ['*']", add));
        Assert.Single(Check("allowedCapabilities: [net_admin, SYS_TIME]", add)); // exact comparison
    }

    [Fact]
    public void Proc_mount_types()
    {
        var pod = Plain + "\n  securityContext: {procMount: Unmasked}";
        Assert.Contains("ProcMountType is not allowed", Assert.Single(Check("", pod)).Message);
        Assert.Empty(Check("allowedProcMountTypes: [Default, Unmasked]", pod));
    }

    [Fact]
    public void Sysctls_forbidden_safe_and_unsafe_with_wildcards()
    {
        var pod = "securityContext:\n  sysctls:\n  - {name: kernel.shm_rmid_forced, value: '1'}\n  - {name: net.core.somaxconn, value: '1024'}\n  - {name: kernel.msgmax, value: '1'}\n" + Plain;
        var errors = Check("allowedUnsafeSysctls: ['net.core.*']", pod);
        Assert.Contains("unsafe sysctl \"kernel.msgmax\" is not allowed", Assert.Single(errors).Message);
        var forbidden = Check("forbiddenSysctls: ['kernel.*']\nallowedUnsafeSysctls: ['net.*']", pod);
        Assert.Equal(2, forbidden.Count);
        Assert.All(forbidden, e => Assert.Equal("forbiddenSysctls", e.Control));
    }

    [Fact]
    public void Runtime_class()
    {
        var pod = "runtimeClassName: runc\n" + Plain;
        Assert.Equal("runtimeClass", Assert.Single(Check("runtimeClass: {allowedRuntimeClassNames: [gvisor]}", pod)).Control);
        Assert.Empty(Check("runtimeClass: {allowedRuntimeClassNames: ['*']}", pod));
        Assert.Empty(Check("runtimeClass: {allowedRuntimeClassNames: [gvisor]}", Plain));
    }

    [Fact]
    public void Seccomp_annotation_and_field_both_count()
    {
        const string ann = "seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default";
        Assert.Equal(2, Check("", Plain, ann).Count); // pod and container have no profile
        Assert.Empty(Check("", "securityContext: {seccompProfile: {type: RuntimeDefault}}\n" + Plain, ann));
        var withAnnotation = TestScan.Pod(Plain).Replace("  namespace: default", "  namespace: default\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: docker/default");
        var pod = Stockade.Kube.WorkloadLocator.Locate(PspTestKit.Object(withAnnotation))!;
        Assert.Empty(PspProvider.Validate(Load(Policy("", annotations: ann)), pod)); // docker/default ≡ runtime/default
        Assert.Contains("seccomp may not be set", Check("", "securityContext: {seccompProfile: {type: Unconfined}}\n" + Plain)[0].Message);
    }

    [Fact]
    public void App_armor_needs_an_allowed_profile()
    {
        const string ann = "apparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default";
        Assert.Contains("AppArmor profile must be set", Assert.Single(Check("", Plain, ann)).Message);
        Assert.Empty(Check("", Plain + "\n  securityContext: {appArmorProfile: {type: RuntimeDefault}}", ann));
        Assert.Contains("unconfined is not an allowed profile", Assert.Single(Check("", Plain + "\n  securityContext: {appArmorProfile: {type: Unconfined}}", ann)).Message);
    }
}
