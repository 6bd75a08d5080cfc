using static Stockade.Tests.Psp.PspTestKit;

namespace Stockade.Tests.Psp;

public class PspValidationTests
{
    private static string OnlyMessage(string specBody, string annotations = "")
    {
        var errors = Errors(Policy(specBody, annotations: annotations));
        return Assert.Single(errors).Message;
    }

    [Fact]
    public void A_valid_policy_loads_with_positions()
    {
        var p = Load(Policy("privileged: true"));
        Assert.Equal("p", p.Name);
        Assert.True(p.Privileged.Is(true));
        Assert.Equal(1, p.Position.Line);
        Assert.True(p.AllowsPrivilegeEscalation); // v1beta1 default
    }

    [Fact]
    public void Range_with_min_above_max_is_rejected_at_its_line()
    {
        var yaml = Policy("runAsGroup:\n  rule: MustRunAs\n  ranges:\n  - min: 10 # <-\n    max: 5");
        var errors = Errors(yaml);
        var e = Assert.Single(errors);
        Assert.Contains("spec.runAsGroup.ranges[0].min: Invalid value: 10: min cannot be greater than max", e.Message);
        Assert.Equal(TestScan.MarkedLine(yaml), e.Position.Line);
    }

    [Fact]
    public void Negative_range_bounds_are_rejected() =>
        Assert.Contains("max cannot be negative", string.Join("\n", Errors(Policy("hostPorts: []\nrunAsGroup:\n  rule: MayRunAs\n  ranges: [{min: -1, max: -1}]")).Select(e => e.Message)));

    [Fact]
    public void Unknown_strategy_rule_lists_supported_values()
    {
        var yaml = Policy("").Replace("runAsUser: {rule: RunAsAny}", "runAsUser: {rule: MustRunAsRoot}");
        var e = Assert.Single(Errors(yaml));
        Assert.Contains("spec.runAsUser.rule: Unsupported value: \"MustRunAsRoot\": supported values: \"MustRunAs\", \"MustRunAsNonRoot\", \"RunAsAny\"", e.Message);
    }

    [Fact]
    public void Missing_required_strategy_is_an_unsupported_empty_rule()
    {
        var yaml = Policy("").Replace("  fsGroup: {rule: RunAsAny}\n", "");
        Assert.Contains("spec.fsGroup.rule: Unsupported value: \"\"", Assert.Single(Errors(yaml)).Message);
    }

    [Fact]
    public void Unknown_volume_type_is_rejected() =>
        Assert.Contains("spec.volumes: Unsupported value: \"hostpath\"", OnlyMessage("volumes: [hostpath]").Replace("volumes: ['*']", ""));

    [Fact]
    public void Host_path_prefix_must_be_set_and_free_of_backsteps()
    {
        Assert.Contains("spec.allowedHostPaths[0]: Required value: is required", OnlyMessage("allowedHostPaths:\n- readOnly: true"));
        Assert.Contains("must not contain '..'", OnlyMessage("allowedHostPaths:\n- pathPrefix: /var/../etc"));
    }

    [Fact]
    public void Capability_both_allowed_and_required_drop_is_rejected()
    {
        Assert.Contains("capability is listed in allowedCapabilities and requiredDropCapabilities",
            OnlyMessage("allowedCapabilities: [NET_ADMIN]\nrequiredDropCapabilities: [NET_ADMIN]"));
        Assert.Contains("must be empty when all capabilities are allowed by a wildcard",
            OnlyMessage("allowedCapabilities: ['*']\nrequiredDropCapabilities: [ALL]"));
        // Comparison is case sensitive, as upstream.
        Assert.Empty(Errors(Policy("defaultAddCapabilities: [foo]\nrequiredDropCapabilities: [FOO]")));
    }

    [Fact]
    public void Default_escalation_true_needs_escalation_allowed() =>
        Assert.Contains("Cannot set DefaultAllowPrivilegeEscalation to true without also setting AllowPrivilegeEscalation to true",
            OnlyMessage("allowPrivilegeEscalation: false\ndefaultAllowPrivilegeEscalation: true"));

    [Fact]
    public void Sysctl_patterns_are_checked()
    {
        Assert.Contains("must have at most 253 characters and match regex", OnlyMessage("forbiddenSysctls: ['a*b']"));
        Assert.Contains("if '*' is present, must not specify other sysctls", OnlyMessage("forbiddenSysctls: ['*', kernel.msgmax]"));
        Assert.Contains("sysctl overlaps with net.*", OnlyMessage("allowedUnsafeSysctls: [net.core.somaxconn]\nforbiddenSysctls: ['net.*']"));
        Assert.Empty(Errors(Policy("allowedUnsafeSysctls: ['kernel.msg*', 'net.ipv4/conf/all/*']")));
    }

    [Fact]
    public void Profile_annotations_are_checked()
    {
        Assert.Contains("invalid AppArmor profile name: \\\"not-good\\\"".Replace("\\\"", "\""), OnlyMessage("", "apparmor.security.beta.kubernetes.io/defaultProfileName: not-good"));
        Assert.Contains("must be a valid seccomp profile", OnlyMessage("", "seccomp.security.alpha.kubernetes.io/defaultProfileName: '*'"));
        Assert.Empty(Errors(Policy("", annotations: "seccomp.security.alpha.kubernetes.io/allowedProfileNames: 'runtime/default,unconfined,localhost/foo,*'")));
    }

    [Fact]
    public void Proc_mount_types_and_drivers_are_checked()
    {
        Assert.Contains("supported values: \"Default\", \"Unmasked\"", OnlyMessage("allowedProcMountTypes: [Masked]"));
        Assert.Contains("must specify a driver", OnlyMessage("allowedFlexVolumes:\n- {}"));
        Assert.Contains("Required value", OnlyMessage("allowedCSIDrivers:\n- name: ''"));
    }

    [Fact]
    public void Runtime_class_default_must_be_allowed() =>
        Assert.Contains("default runtime class \"gvisor\" must be allowed",
            OnlyMessage("runtimeClass:\n  allowedRuntimeClassNames: [kata]\n  defaultRuntimeClassName: gvisor"));

    [Fact]
    public void Must_run_as_without_ranges_is_unusable()
    {
        var yaml = Policy("").Replace("runAsUser: {rule: RunAsAny}", "runAsUser: {rule: MustRunAs}");
        Assert.Contains("MustRunAs requires at least one range", Assert.Single(Errors(yaml)).Message);
    }

    [Fact]
    public void Type_errors_are_reported_like_the_api_server() =>
        Assert.Contains("expected a boolean", Assert.Single(Errors(Policy("privileged: \"true\""))).Message);
}
