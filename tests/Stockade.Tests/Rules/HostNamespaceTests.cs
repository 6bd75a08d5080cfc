namespace Stockade.Tests.Rules;

public class HostNamespaceTests
{
    private static string Body(string field, string value) => $"{field}: {value} # <-\ncontainers:\n- name: app\n  image: nginx";

    [Theory]
    [InlineData("host-network", "hostNetwork")]
    [InlineData("host-pid", "hostPID")]
    [InlineData("host-ipc", "hostIPC")]
    public void True_is_reported_at_the_field(string rule, string field)
    {
        var yaml = TestScan.Pod(Body(field, "true"));
        var f = Assert.Single(TestScan.Yaml(yaml).Findings(rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal($"spec.{field}", f.Path);
        Assert.Null(f.Container);
        Assert.Contains($"spec.{field}=true", f.Message);
    }

    [Theory]
    [InlineData("host-network", "hostNetwork", "false")]
    [InlineData("host-pid", "hostPID", "false")]
    [InlineData("host-ipc", "hostIPC", "false")]
    [InlineData("host-network", "hostNetwork", "null")]
    public void False_or_unset_is_clean(string rule, string field, string value)
    {
        var result = TestScan.Yaml(TestScan.Pod(Body(field, value)));
        Assert.Empty(result.Findings(rule));
    }

    [Theory]
    [InlineData("host-network", "hostNetwork")]
    [InlineData("host-pid", "hostPID")]
    [InlineData("host-ipc", "hostIPC")]
    public void Yaml_1_1_booleans_count_as_true(string rule, string field)
    {
        var result = TestScan.Yaml(TestScan.Pod(Body(field, "yes")));
        Assert.Single(result.Findings(rule));
    }

    [Theory]
    [InlineData("host-network", "hostNetwork")]
    [InlineData("host-pid", "hostPID")]
    [InlineData("host-ipc", "hostIPC")]
    public void CronJob_template_is_checked(string rule, string field)
    {
        var yaml = Workloads.CronJob(Body(field, "true"));
        var f = Assert.Single(TestScan.Yaml(yaml).Findings(rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal($"spec.jobTemplate.spec.template.spec.{field}", f.Path);
    }

    [Fact]
    public void Host_network_rationale_mentions_uts()
    {
        var rule = Stockade.Rules.Catalog.Find("host-network");
        Assert.NotNull(rule);
        Assert.Contains("UTS", rule.Metadata.Rationale);
    }
}
