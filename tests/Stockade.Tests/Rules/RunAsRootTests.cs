namespace Stockade.Tests.Rules;

public class RunAsRootTests
{
    private const string Rule = "run-as-root";

    [Theory]
    // Nothing set: the image's USER (often root) is used; pointed at the container.
    [InlineData("containers:\n- name: app # <-\n  image: nginx", "spec.containers[0].securityContext.runAsNonRoot")]
    // Explicit UID 0 is reported even with runAsNonRoot true.
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 0 # <-", "spec.containers[0].securityContext.runAsUser")]
    // runAsNonRoot false without a UID.
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsNonRoot: false # <-", "spec.containers[0].securityContext.runAsNonRoot")]
    // A security context without the fields: pointed at the securityContext.
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    privileged: false # <-", "spec.containers[0].securityContext.runAsNonRoot")]
    // UID 0 inherited from the pod.
    [InlineData("securityContext:\n  runAsUser: 0 # <-\ncontainers:\n- name: app\n  image: nginx", "spec.securityContext.runAsUser")]
    public void Reports_a_container_that_may_run_as_root(string body, string path)
    {
        var yaml = TestScan.Pod(body);
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal(path, f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains("\"app\"", f.Message);
    }

    [Theory]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsNonRoot: true")]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsUser: 10001")]
    // runAsNonRoot false but an explicit non-zero UID: the process is not root.
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsNonRoot: false\n    runAsUser: 10001")]
    public void Passes_a_container_that_cannot_run_as_root(string body)
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod(body)).Findings(Rule));
    }

    [Theory]
    [InlineData("runAsNonRoot: true")]
    [InlineData("runAsUser: 10001")]
    public void Containers_inherit_the_pod_security_context(string podSetting)
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod($"securityContext:\n  {podSetting}\ncontainers:\n- name: a\n  image: x\n- name: b\n  image: redis"));
        Assert.Empty(result.Findings(Rule));
    }

    [Fact]
    public void A_container_value_overrides_the_pod_value()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              runAsUser: 0 # <-
            containers:
            - name: fixed
              image: x
              securityContext:
                runAsUser: 10001
            - name: inherits
              image: redis
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("inherits", f.Container);
        Assert.Equal("spec.securityContext.runAsUser", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Fact]
    public void A_container_runAsNonRoot_false_overrides_the_pod_true()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              runAsNonRoot: true
            containers:
            - name: app
              image: x
              securityContext:
                runAsNonRoot: false # <-
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.runAsNonRoot", f.Path);
    }

    [Fact]
    public void Checks_init_and_ephemeral_containers()
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod("""
            initContainers:
            - name: init
              image: busybox
            containers:
            - name: app
              image: x
              securityContext:
                runAsNonRoot: true
            ephemeralContainers:
            - name: debug
              image: busybox
            """));
        var findings = result.Findings(Rule);
        Assert.Equal(["init", "debug"], findings.Select(f => f.Container));
        Assert.Equal("spec.initContainers[0].securityContext.runAsNonRoot", findings[0].Path);
        Assert.Equal("spec.ephemeralContainers[0].securityContext.runAsNonRoot", findings[1].Path);
    }

    [Fact]
    public void Checks_a_Deployment_template()
    {
        var yaml = IdentityRuleManifests.Deployment("""
            containers:
            - name: app
              image: nginx
              securityContext:
                runAsUser: 0 # <-
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.template.spec.containers[0].securityContext.runAsUser", f.Path);
    }

    [Fact]
    public void Checks_a_CronJob_template_inheriting_the_pod_context()
    {
        var result = IdentityRuleManifests.Scan(IdentityRuleManifests.CronJob("""
            securityContext:
              runAsNonRoot: true
            containers:
            - name: job
              image: busybox
            """));
        Assert.Empty(result.Findings(Rule));

        var yaml = IdentityRuleManifests.CronJob("containers:\n- name: job # <-\n  image: busybox");
        var unsafeResult = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(unsafeResult.Findings(Rule));
        Assert.Equal("spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Fact]
    public void Skips_windows_pods()
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod("os:\n  name: windows\ncontainers:\n- name: app\n  image: mcr.microsoft.com/windows/nanoserver"));
        Assert.Empty(result.Findings(Rule));
    }
}
