using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Tests.Rules;

public class LowGroupIdTests
{
    private const string Rule = "low-group-id";

    [Fact]
    public void Reports_an_unset_runAsGroup_at_the_container()
    {
        var yaml = TestScan.Pod("containers:\n- name: app # <-\n  image: nginx");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.runAsGroup", f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains("primary group", f.Message);
    }

    [Theory]
    [InlineData(0, true, "GID 0, the root group")]
    [InlineData(3000, true, "GID 3000")]
    [InlineData(3001, false, "")]
    public void Reports_a_runAsGroup_at_or_below_3000(long gid, bool reported, string message)
    {
        var yaml = TestScan.Pod($"containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsGroup: {gid} # <-");
        var result = IdentityRuleManifests.Scan(yaml);
        var findings = result.Findings(Rule);
        Assert.Equal(reported, findings.Count == 1);
        if (!reported) return;
        Assert.Equal(TestScan.MarkedLine(yaml), findings[0].Line);
        Assert.Equal("spec.containers[0].securityContext.runAsGroup", findings[0].Path);
        Assert.Contains(message, findings[0].Message);
    }

    [Fact]
    public void Containers_inherit_the_pod_runAsGroup_and_may_override_it()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              runAsGroup: 10001
            containers:
            - name: inherits
              image: nginx
            - name: overrides
              image: nginx
              securityContext:
                runAsGroup: 0 # <-
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("overrides", f.Container);
        Assert.Equal("spec.containers[1].securityContext.runAsGroup", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Fact]
    public void Reports_low_fsGroup_and_supplementalGroups_once_for_the_pod()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              runAsGroup: 10001
              fsGroup: 0 # <-
              supplementalGroups: [10002, 5] # <-
            containers:
            - name: a
              image: nginx
            - name: b
              image: nginx
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var findings = result.Findings(Rule);
        Assert.Equal(["spec.securityContext.fsGroup", "spec.securityContext.supplementalGroups[1]"], findings.Select(f => f.Path));
        Assert.All(findings, f => Assert.Null(f.Container));
        Assert.Equal(TestScan.MarkedLines(yaml), findings.Select(f => f.Line));
        Assert.Contains("root group", findings[0].Message);
        Assert.Contains("GID 5", findings[1].Message);
    }

    [Fact]
    public void The_threshold_comes_from_the_settings()
    {
        var config = new StockadeConfig { Settings = RuleSettings.Default.With(LowGroupId.GroupIdAbove, 100L) };
        var body = "securityContext:\n  runAsGroup: 2000\n  fsGroup: 2000\n  supplementalGroups: [2000]\ncontainers:\n- name: app\n  image: nginx";
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod(body), config).Findings(Rule));
        Assert.Equal(3, IdentityRuleManifests.Scan(TestScan.Pod(body)).Findings(Rule).Count);
    }

    [Fact]
    public void Checks_init_containers_and_CronJob_templates()
    {
        var yaml = IdentityRuleManifests.CronJob("""
            initContainers:
            - name: init # <-
              image: busybox
            containers:
            - name: job
              image: busybox
              securityContext:
                runAsGroup: 10001
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("init", f.Container);
        Assert.Equal("spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.runAsGroup", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Fact]
    public void Skips_windows_pods()
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod("os:\n  name: windows\ncontainers:\n- name: app\n  image: nanoserver")).Findings(Rule));
    }
}
