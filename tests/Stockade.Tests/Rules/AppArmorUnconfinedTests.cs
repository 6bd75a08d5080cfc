namespace Stockade.Tests.Rules;

public class AppArmorUnconfinedTests
{
    private const string Rule = "apparmor-unconfined";

    [Fact]
    public void Reports_an_unconfined_container_at_the_type()
    {
        var yaml = TestScan.Pod("containers:\n- name: app\n  image: nginx\n  securityContext:\n    appArmorProfile:\n      type: Unconfined # <-");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.appArmorProfile.type", f.Path);
        Assert.Equal("app", f.Container);
    }

    [Theory]
    [InlineData("containers:\n- name: app\n  image: nginx")]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault")]
    [InlineData("containers:\n- name: app\n  image: nginx\n  securityContext:\n    appArmorProfile:\n      type: Localhost\n      localhostProfile: k8s-nginx")]
    public void Passes_the_runtime_default_and_localhost_profiles(string body)
    {
        Assert.Empty(IdentityRuleManifests.Scan(TestScan.Pod(body)).Findings(Rule));
    }

    [Fact]
    public void Containers_inherit_the_pod_profile_and_may_override_it()
    {
        var yaml = TestScan.Pod("""
            securityContext:
              appArmorProfile:
                type: Unconfined # <-
            initContainers:
            - name: init
              image: busybox
            containers:
            - name: app
              image: nginx
              securityContext:
                appArmorProfile:
                  type: RuntimeDefault
            """);
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal("init", f.Container);
        Assert.Equal("spec.securityContext.appArmorProfile.type", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
    }

    [Fact]
    public void Reads_the_legacy_annotation_on_a_Deployment_template()
    {
        var yaml = IdentityRuleManifests.Deployment("containers:\n- name: app\n  image: nginx\n- name: sidecar\n  image: envoy",
            templateAnnotations: "container.apparmor.security.beta.kubernetes.io/app: unconfined # <-\ncontainer.apparmor.security.beta.kubernetes.io/sidecar: runtime/default");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal("app", f.Container);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/app", f.Path);
    }

    [Fact]
    public void The_container_field_wins_over_the_annotation()
    {
        var yaml = IdentityRuleManifests.Deployment(
            "containers:\n- name: app\n  image: nginx\n  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault",
            templateAnnotations: "container.apparmor.security.beta.kubernetes.io/app: unconfined");
        Assert.Empty(IdentityRuleManifests.Scan(yaml).Findings(Rule));
    }
}
