namespace Stockade.Tests.Rules;

public class PrivilegeEscalationAllowedTests
{
    private const string Rule = "privilege-escalation-allowed";

    /// <summary>A pod of one container "app" with <paramref name="securityContext"/> (YAML lines of the mapping).</summary>
    private static string WithSecurityContext(string securityContext) =>
        TestScan.Pod("containers:\n- name: app\n  image: nginx\n  securityContext:\n" + TestScan.Indent(securityContext, 4));

    [Fact]
    public void Explicit_true_is_reported_at_the_field()
    {
        var yaml = WithSecurityContext("allowPrivilegeEscalation: true # <-");
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.allowPrivilegeEscalation", f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains("allowPrivilegeEscalation=true", f.Message);
    }

    [Fact]
    public void Unset_is_reported_at_the_security_context_with_the_absent_field_path()
    {
        var yaml = WithSecurityContext("runAsNonRoot: true # <-");
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.allowPrivilegeEscalation", f.Path);
        Assert.Contains("defaults to true", f.Message);
    }

    [Fact]
    public void Unset_without_security_context_is_reported_at_the_container()
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: app # <-
              image: nginx
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.allowPrivilegeEscalation", f.Path);
    }

    [Fact]
    public void False_is_clean()
    {
        var result = TestScan.Yaml(WithSecurityContext("allowPrivilegeEscalation: false"));
        Assert.Empty(result.Findings(Rule));
    }

    [Fact]
    public void False_on_a_privileged_container_is_rejected_by_the_api_server()
    {
        var yaml = WithSecurityContext("privileged: true\nallowPrivilegeEscalation: false # <-");
        var result = TestScan.Yaml(yaml);
        var e = Assert.Single(result.Errors);
        Assert.Equal(TestScan.MarkedLine(yaml), e.Line);
        Assert.Contains("cannot set `allowPrivilegeEscalation` to false and `privileged` to true", e.Message);
        Assert.Equal(Engine.RunOutcome.Incomplete, result.Outcome);
    }

    [Fact]
    public void False_with_the_exact_string_cap_sys_admin_is_rejected_by_the_api_server()
    {
        var result = TestScan.Yaml(WithSecurityContext("allowPrivilegeEscalation: false\ncapabilities:\n  add: [\"CAP_SYS_ADMIN\"]"));
        Assert.Contains("`capabilities.Add` CAP_SYS_ADMIN", Assert.Single(result.Errors).Message);
    }

    // The API server compares the exact string "CAP_SYS_ADMIN"; other spellings pass validation,
    // and the runtime still grants CAP_SYS_ADMIN, which makes escalation effectively possible.
    [Theory]
    [InlineData("SYS_ADMIN")]
    [InlineData("sys_admin")]
    [InlineData("cap_sys_admin")]
    public void False_with_sys_admin_in_another_spelling_is_effectively_true(string spelling)
    {
        var yaml = WithSecurityContext($"allowPrivilegeEscalation: false # <-\ncapabilities:\n  add: [\"{spelling}\"]");
        var result = TestScan.Yaml(yaml);
        Assert.Empty(result.Errors);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Contains("CAP_SYS_ADMIN", f.Message);
        Assert.Contains(spelling, f.Message);
    }

    [Fact]
    public void Other_added_capabilities_do_not_force_escalation()
    {
        var result = TestScan.Yaml(WithSecurityContext("allowPrivilegeEscalation: false\ncapabilities:\n  add: [\"NET_ADMIN\"]"));
        Assert.Empty(result.Findings(Rule));
    }

    [Fact]
    public void Init_and_ephemeral_containers_are_checked()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            initContainers:
            - name: init
              image: busybox
              securityContext:
                allowPrivilegeEscalation: true
            containers:
            - name: app
              image: nginx
              securityContext:
                allowPrivilegeEscalation: false
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext:
                allowPrivilegeEscalation: true
            """));
        var findings = result.Findings(Rule);
        Assert.Equal(["init", "debug"], findings.Select(f => f.Container));
        Assert.Equal("spec.initContainers[0].securityContext.allowPrivilegeEscalation", findings[0].Path);
        Assert.Equal("spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation", findings[1].Path);
    }

    [Fact]
    public void Deployment_template_is_checked()
    {
        var yaml = Workloads.Deployment("""
            containers:
            - name: app
              image: nginx
              securityContext:
                allowPrivilegeEscalation: true # <-
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", f.Path);
    }

    [Fact]
    public void Windows_pods_are_not_checked()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            os:
              name: windows
            containers:
            - name: app
              image: mcr.microsoft.com/windows/nanoserver
            """));
        Assert.Empty(result.Findings(Rule));
    }
}
