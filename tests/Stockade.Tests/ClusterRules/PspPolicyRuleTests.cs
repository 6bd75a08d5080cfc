namespace Stockade.Tests.ClusterRules;

/// <summary>The psp-* rules grade a PodSecurityPolicy itself, at the field that allows what they report.</summary>
public class PspPolicyRuleTests
{
    /// <summary>A policy with nothing to report, whose spec body is <paramref name="spec"/> plus the required strategies.</summary>
    private static string Policy(string spec, string annotations = Confined) => $"""
        apiVersion: policy/v1beta1
        kind: PodSecurityPolicy
        metadata:
          name: p
          annotations:
        {TestScan.Indent(annotations, 4)}
        spec:
        {TestScan.Indent(spec, 2)}
          seLinux: {"{rule: RunAsAny}"}
          supplementalGroups: {"{rule: RunAsAny}"}
          fsGroup: {"{rule: RunAsAny}"}
        """;

    private const string Confined = """
        seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default
        seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default
        apparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default
        """;

    private const string Safe = """
        allowPrivilegeEscalation: false
        requiredDropCapabilities: [ALL]
        runAsUser: {rule: MustRunAsNonRoot}
        volumes: [configMap, secret]
        """;

    private static List<Stockade.Engine.Finding> Graded(string yaml) =>
        TestScan.Yaml(yaml).Findings.Where(f => f.Rule.StartsWith("psp-", StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_restricted_policy_has_no_findings()
    {
        var result = TestScan.Yaml(Policy(Safe));
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Leaving_allowPrivilegeEscalation_out_allows_escalation_because_v1beta1_defaults_it_to_true()
    {
        var f = Assert.Single(Graded(Policy(Safe.Replace("allowPrivilegeEscalation: false\n", ""))));
        Assert.Equal("psp-privilege-escalation", f.Rule);
        Assert.Equal("spec.allowPrivilegeEscalation", f.Path);
    }

    [Theory]
    [InlineData("- {min: 0, max: 100}", true)]
    [InlineData("- {min: 1, max: 100}", false)]
    [InlineData("- {min: 1000, max: 2000}\n  - {min: 0, max: 0}", true)]
    public void A_MustRunAs_range_that_includes_uid_0_admits_root(string ranges, bool root)
    {
        var yaml = Policy(Safe.Replace("runAsUser: {rule: MustRunAsNonRoot}", $"runAsUser:\n  rule: MustRunAs\n  ranges:\n  {ranges}"));
        var found = Graded(yaml).Where(f => f.Rule == "psp-run-as-root").ToList();
        Assert.Equal(root, found.Count == 1);
        if (root) Assert.StartsWith("spec.runAsUser.ranges[", found[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_path_prefix_is_normalised_before_it_is_judged_and_must_be_read_only()
    {
        var yaml = Policy(Safe.Replace("volumes: [configMap, secret]", "volumes: [hostPath]\nallowedHostPaths:\n- pathPrefix: /tmp/../\n  readOnly: true\n- pathPrefix: /opt/app"));
        var found = Graded(yaml);
        Assert.All(found, f => Assert.Equal("psp-host-path", f.Rule));
        Assert.Equal(2, found.Count);
        Assert.Contains(found, f => f.Path == "spec.allowedHostPaths[0].pathPrefix" && f.Message.Contains("root filesystem", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Path == "spec.allowedHostPaths[1]" && f.Message.Contains("not readOnly", StringComparison.Ordinal));
    }

    [Fact]
    public void Host_path_volumes_without_allowed_host_paths_are_reported_at_the_volumes_entry()
    {
        var yaml = Policy(Safe.Replace("volumes: [configMap, secret]", "volumes:\n- configMap\n- hostPath"));
        var f = Assert.Single(Graded(yaml));
        Assert.Equal(("psp-host-path", "spec.volumes[1]"), (f.Rule, f.Path));
    }

    [Fact]
    public void Capabilities_are_compared_as_the_runtime_compares_them()
    {
        var yaml = Policy(Safe + "\nallowedCapabilities: [cap_sys_admin, net_bind_service, chown]");
        var found = Graded(yaml).Select(f => (f.Rule, f.Path)).Order().ToList();
        Assert.Equal([("psp-capabilities-added", "spec.allowedCapabilities[2]"), ("psp-dangerous-capabilities", "spec.allowedCapabilities[0]")], found);
    }

    [Theory]
    [InlineData("[NET_RAW]", new[] { "psp-required-drop-all" })]
    [InlineData("[all]", new string[0])]
    [InlineData("[]", new[] { "psp-net-raw-not-dropped", "psp-required-drop-all" })]
    [InlineData("[CAP_NET_RAW]", new[] { "psp-net-raw-not-dropped", "psp-required-drop-all" })]
    [InlineData("[' ALL']", new[] { "psp-net-raw-not-dropped", "psp-required-drop-all" })]
    public void Required_drops_must_include_all_and_at_least_net_raw(string drops, string[] rules)
    {
        var yaml = Policy(Safe.Replace("requiredDropCapabilities: [ALL]", $"requiredDropCapabilities: {drops}"));
        Assert.Equal(rules, Graded(yaml).Select(f => f.Rule).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_required_drop_containerd_does_not_honour_is_named()
    {
        var yaml = Policy(Safe.Replace("requiredDropCapabilities: [ALL]", "requiredDropCapabilities: [CAP_NET_RAW]"));
        var f = Graded(yaml).Single(f => f.Rule == "psp-net-raw-not-dropped");
        Assert.EndsWith("spec.requiredDropCapabilities \"CAP_NET_RAW\" drops nothing on containerd, which adds CAP_ itself and does not trim: write NET_RAW", f.Message);
    }

    [Fact]
    public void Safe_sysctls_pass_and_patterns_are_reported()
    {
        var yaml = Policy(Safe + "\nallowedUnsafeSysctls: [net.ipv4.tcp_syncookies, 'net.core.*']");
        var f = Assert.Single(Graded(yaml));
        Assert.Equal(("psp-unsafe-sysctls", "spec.allowedUnsafeSysctls[1]"), (f.Rule, f.Path));
    }

    [Theory]
    [InlineData("", "psp-seccomp-unconfined", "metadata.annotations")]
    [InlineData("seccomp.security.alpha.kubernetes.io/allowedProfileNames: runtime/default,unconfined\napparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default",
        "psp-seccomp-unconfined", "metadata.annotations.seccomp.security.alpha.kubernetes.io/allowedProfileNames")]
    [InlineData("seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default\napparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default\napparmor.security.beta.kubernetes.io/defaultProfileName: unconfined",
        "psp-apparmor-unconfined", "metadata.annotations.apparmor.security.beta.kubernetes.io/defaultProfileName")]
    public void Profiles_that_let_pods_run_unconfined_are_reported(string annotations, string rule, string path)
    {
        var found = Graded(Policy(Safe, annotations.Length == 0 ? "apparmor.security.beta.kubernetes.io/allowedProfileNames: runtime/default" : annotations));
        var f = Assert.Single(found);
        Assert.Equal((rule, path), (f.Rule, f.Path));
    }

    [Fact]
    public void A_policy_with_a_type_error_is_reported_once_as_an_error_and_not_graded()
    {
        var result = TestScan.Yaml(Policy(Safe + "\nprivileged: {}"));
        Assert.Single(result.Errors);
        Assert.DoesNotContain(result.Findings, f => f.Rule == "psp-privileged");
    }

    [Fact]
    public void Findings_point_at_the_offending_field()
    {
        var yaml = Policy(Safe + "\nhostPID: true # <-");
        var f = Assert.Single(Graded(yaml));
        Assert.Equal(("psp-host-pid", TestScan.MarkedLine(yaml)), (f.Rule, f.Line));
    }
}
