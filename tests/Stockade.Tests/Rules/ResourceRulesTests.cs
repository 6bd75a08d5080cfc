namespace Stockade.Tests.Rules;

public class ResourceRulesTests
{
    public static TheoryData<string, string> Rules => new()
    {
        { "cpu-requests-missing", "resources.requests.cpu" },
        { "memory-requests-missing", "resources.requests.memory" },
        { "cpu-limits-missing", "resources.limits.cpu" },
        { "memory-limits-missing", "resources.limits.memory" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Reports_a_container_without_resources_at_the_container(string rule, string field)
    {
        var yaml = TestScan.Pod("containers:\n- name: app # <-\n  image: nginx");
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0]." + field, f.Path);
        Assert.Equal("app", f.Container);
    }

    [Theory]
    [InlineData("cpu-requests-missing")]
    [InlineData("memory-requests-missing")]
    [InlineData("cpu-limits-missing")]
    [InlineData("memory-limits-missing")]
    public void Passes_a_container_with_requests_and_limits(string rule)
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod("""
            containers:
            - name: app
              image: nginx
              resources:
                requests: {cpu: 100m, memory: 64Mi}
                limits: {cpu: "1", memory: 128Mi}
            """));
        Assert.Empty(result.Findings(rule));
    }

    [Theory]
    [InlineData("cpu-requests-missing", false)]
    [InlineData("memory-requests-missing", true)]
    [InlineData("cpu-limits-missing", false)]
    [InlineData("memory-limits-missing", true)]
    public void A_limit_also_sets_the_request(string rule, bool reported)
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod("containers:\n- name: app\n  image: nginx\n  resources:\n    limits:\n      cpu: 500m"));
        Assert.Equal(reported, result.Findings(rule).Count > 0);
    }

    [Fact]
    public void A_request_does_not_set_the_limit_and_the_finding_points_at_the_closest_mapping()
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: app
              image: nginx
              resources:
                requests: # <-limits
                  memory: 64Mi # <-requests
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var cpuRequest = Assert.Single(result.Findings("cpu-requests-missing"));
        Assert.Equal(TestScan.MarkedLine(yaml, "requests"), cpuRequest.Line);
        Assert.Equal("spec.containers[0].resources.requests.cpu", cpuRequest.Path);
        Assert.Empty(result.Findings("memory-requests-missing"));
        var memoryLimit = Assert.Single(result.Findings("memory-limits-missing"));
        Assert.Equal(TestScan.MarkedLine(yaml, "limits"), memoryLimit.Line);
        Assert.Equal("spec.containers[0].resources.limits.memory", memoryLimit.Path);
    }

    [Fact]
    public void Checks_init_containers_but_not_ephemeral_containers()
    {
        var yaml = IdentityRuleManifests.Deployment("""
            initContainers:
            - name: init # <-
              image: busybox
            containers:
            - name: app
              image: nginx
              resources:
                limits: {cpu: "1", memory: 1Gi}
            ephemeralContainers:
            - name: debug
              image: busybox
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        foreach (var rule in new[] { "cpu-requests-missing", "memory-requests-missing", "cpu-limits-missing", "memory-limits-missing" })
        {
            var f = Assert.Single(result.Findings(rule));
            Assert.Equal("init", f.Container);
            Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
            Assert.StartsWith("spec.template.spec.initContainers[0].resources.", f.Path);
        }
    }
}
