using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Tests.Rules;

public class LowUserIdTests
{
    private const string Rule = "low-user-id";

    [Theory]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsUser: 1 # <-", "spec.containers[0].securityContext.runAsUser")]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsUser: 1000 # <-", "spec.containers[0].securityContext.runAsUser")]
    [InlineData("securityContext:\n  runAsUser: 500 # <-\ncontainers:\n- name: app\n  image: nginx", "spec.securityContext.runAsUser")]
    public void Reports_a_uid_at_or_below_1000(string body, string path)
    {
        var yaml = TestScan.Pod(body);
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal(path, f.Path);
        Assert.Equal("app", f.Container);
        Assert.Equal(Severity.Medium, f.Severity);
    }

    [Theory]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsUser: 1001")]
    [InlineData("containers:\n- name: app\n  image: nginx")]
    // UID 0 is run-as-root's finding, not this one's.
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsUser: 0")]
    // The container's high UID overrides the pod's low one.
    [InlineData("securityContext:\n  runAsUser: 10\ncontainers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsUser: 20000")]
    public void Passes_a_high_unset_or_root_uid(string body)
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod(body)).Findings(Rule));
    }

    [Fact]
    public void A_low_container_uid_overrides_a_high_pod_uid_and_init_containers_count()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              runAsUser: 20000
            initContainers:
            - name: init
              image: busybox
              securityContext:
                runAsUser: 999 # <-
            containers:
            - name: app
              image: nginx
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("init", f.Container);
        Assert.Equal("spec.initContainers[0].securityContext.runAsUser", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Theory]
    [InlineData(5000, 2000, true)]
    [InlineData(5000, 5001, false)]
    [InlineData(100, 500, false)]
    [InlineData(100, 100, true)]
    public void The_threshold_comes_from_the_settings(long userIdAbove, long uid, bool reported)
    {
        var config = new StockadeConfig { Settings = RuleSettings.Default.With(LowUserId.UserIdAbove, userIdAbove) };
        var result = IdentityRuleManifests.Scan(TestScan.Pod($"containers:\n- name: app\n  image: nginx\n  securityContext:\n    runAsUser: {uid}"), config);
        Assert.Equal(reported, result.Findings(Rule).Count == 1);
    }

    [Fact]
    public void Checks_a_Deployment_template()
    {
        var yaml = IdentityRuleManifests.Deployment("securityContext:\n  runAsUser: 33 # <-\ncontainers:\n- name: app\n  image: nginx");
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("spec.template.spec.securityContext.runAsUser", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Contains("UID 33", f.Message);
    }
}
