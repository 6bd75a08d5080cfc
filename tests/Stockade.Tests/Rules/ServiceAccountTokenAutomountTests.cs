namespace Stockade.Tests.Rules;

public class ServiceAccountTokenAutomountTests
{
    private const string Rule = "service-account-token-automount";

    [Fact]
    public void Reports_an_unset_field_at_the_pod_spec()
    {
        var yaml = TestScan.Pod("containers: # <-\n- name: app\n  image: nginx");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.automountServiceAccountToken", f.Path);
        Assert.Null(f.Container);
    }

    [Fact]
    public void Reports_an_explicit_true_at_the_field()
    {
        var yaml = TestScan.Pod("containers:\n- name: app\n  image: nginx\nautomountServiceAccountToken: true # <-");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.automountServiceAccountToken", f.Path);
    }

    [Fact]
    public void Passes_false()
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod("automountServiceAccountToken: false\ncontainers:\n- name: app\n  image: nginx")).Findings(Rule));
    }

    [Fact]
    public void Checks_workload_templates()
    {
        var yaml = IdentityRuleManifests.CronJob("containers: # <-\n- name: job\n  image: busybox");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal("spec.jobTemplate.spec.template.spec.automountServiceAccountToken", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Empty(IdentityRuleManifests.Scan(IdentityRuleManifests.Deployment("automountServiceAccountToken: false\ncontainers:\n- name: app\n  image: nginx")).Findings(Rule));
    }
}
