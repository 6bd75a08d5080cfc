namespace Stockade.Tests.Rules;

public class WritableRootFilesystemTests
{
    private const string Rule = "writable-root-filesystem";

    [Theory]
    [InlineData("containers:\n- name: app # <-\n  image: nginx")]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsNonRoot: true # <-")]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    readOnlyRootFilesystem: false # <-")]
    public void Reports_a_root_filesystem_that_is_not_read_only(string body)
    {
        var yaml = TestScan.Pod(body);
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.readOnlyRootFilesystem", f.Path);
        Assert.Equal("app", f.Container);
    }

    [Fact]
    public void Passes_a_read_only_root_filesystem()
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod("containers:\n- name: app\n  image: nginx\n  securityContext:\n    readOnlyRootFilesystem: true"));
        Assert.Empty(result.Findings(Rule));
    }

    [Fact]
    public void Checks_every_kind_of_container_in_a_Deployment()
    {
        var yaml = IdentityRuleManifests.Deployment("""
            initContainers:
            - name: init # <-
              image: busybox
            containers:
            - name: app
              image: nginx
              securityContext:
                readOnlyRootFilesystem: true
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext:
                readOnlyRootFilesystem: false # <-
            """);
        var findings = IdentityRuleManifests.Scan(yaml).Findings(Rule);
        Assert.Equal(["init", "debug"], findings.Select(f => f.Container));
        Assert.Equal("spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem", findings[0].Path);
        Assert.Equal(TestScan.MarkedLines(yaml), findings.Select(f => f.Line));
    }

    [Fact]
    public void Skips_windows_pods()
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod("os:\n  name: windows\ncontainers:\n- name: app\n  image: nanoserver")).Findings(Rule));
    }
}
