using Stockade.Profiles;

namespace Stockade.Tests.Rules;

public class NoSchedulingConstraintTests
{
    private const string Rule = "no-scheduling-constraint";

    [Theory]
    [InlineData("containers: # <-\n- name: app\n  image: nginx")]
    [InlineData("nodeSelector: {} # <-\ncontainers:\n- name: app\n  image: nginx")]
    public void Reports_a_pod_that_may_land_on_any_node(string body)
    {
        var yaml = TestScan.Pod(body);
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.nodeSelector", f.Path);
        Assert.Null(f.Container);
    }

    [Theory]
    [InlineData("nodeSelector:\n  pool: restricted\ncontainers:\n- name: app\n  image: nginx")]
    [InlineData("affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - {key: pool, operator: In, values: [restricted]}\ncontainers:\n- name: app\n  image: nginx")]
    [InlineData("nodeName: node-1\ncontainers:\n- name: app\n  image: nginx")]
    public void Passes_a_confined_pod(string body)
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod(body)).Findings(Rule));
    }

    [Fact]
    public void Checks_templates_and_is_in_the_hardened_profile()
    {
        var yaml = IdentityRuleManifests.Deployment("containers: # <-\n- name: app\n  image: nginx");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal("spec.template.spec.nodeSelector", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Contains(ProfileRegistry.Hardened.Rules, r => r.Id == Rule);
    }
}
