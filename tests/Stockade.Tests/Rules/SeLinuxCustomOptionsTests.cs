namespace Stockade.Tests.Rules;

public class SeLinuxCustomOptionsTests
{
    private const string Rule = "selinux-custom-options";

    private static string WithOptions(string options) =>
        TestScan.Pod($"containers:\n- name: app\n  image: nginx\n  securityContext:\n    seLinuxOptions:\n{TestScan.Indent(options, 6)}");

    [Theory]
    [InlineData("type: spc_t # <-", "spec.containers[0].securityContext.seLinuxOptions.type")]
    [InlineData("user: system_u # <-", "spec.containers[0].securityContext.seLinuxOptions.user")]
    [InlineData("role: system_r # <-", "spec.containers[0].securityContext.seLinuxOptions.role")]
    public void Reports_a_custom_type_user_or_role(string option, string path)
    {
        var yaml = WithOptions(option);
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal(path, f.Path);
        Assert.Equal("app", f.Container);
    }

    [Theory]
    [InlineData("type: container_t")]
    [InlineData("type: container_init_t")]
    [InlineData("type: container_kvm_t")]
    [InlineData("type: container_engine_t")]
    [InlineData("level: \"s0:c123,c456\"")]
    [InlineData("type: \"\"\nuser: \"\"\nrole: \"\"")]
    public void Passes_container_types_levels_and_empty_values(string options)
    {
        Assert.Empty(IdentityRuleManifests.Scan(WithOptions(options)).Findings(Rule));
    }

    [Fact]
    public void Containers_inherit_the_pod_options()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              seLinuxOptions:
                type: spc_t # <-
            containers:
            - name: a
              image: nginx
            - name: b
              image: nginx
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var findings = result.Findings(Rule);
        Assert.Equal(["a", "b"], findings.Select(f => f.Container));
        Assert.All(findings, f => Assert.Equal("spec.securityContext.seLinuxOptions.type", f.Path));
        Assert.All(findings, f => Assert.Equal(TestScan.MarkedLine(yaml), f.Line));
    }

    [Fact]
    public void Container_options_replace_the_pod_options_but_the_pod_options_still_label_the_sandbox()
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod("""
            securityContext:
              seLinuxOptions:
                user: system_u
            containers:
            - name: app
              image: nginx
              securityContext:
                seLinuxOptions:
                  level: "s0:c1,c2"
            """));
        var f = Assert.Single(result.Findings(Rule));
        Assert.Null(f.Container);
        Assert.Equal("spec.securityContext.seLinuxOptions.user", f.Path);
    }

    [Fact]
    public void Checks_a_CronJob_init_container()
    {
        var yaml = IdentityRuleManifests.CronJob(
            "initContainers:\n- name: init\n  image: busybox\n  securityContext:\n    seLinuxOptions:\n      type: unconfined_t # <-\ncontainers:\n- name: job\n  image: busybox");
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("init", f.Container);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Contains("unconfined_t", f.Message);
    }
}
