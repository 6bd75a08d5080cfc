namespace Stockade.Tests.Rules;

public class CapabilityDropTests
{
    private static string PodWithCapabilities(string capabilities) => Workloads.PodWithCapabilities(capabilities);

    [Fact]
    public void Drop_all_missing_is_reported_at_the_capabilities()
    {
        var yaml = PodWithCapabilities("drop: [NET_RAW, CHOWN] # <-");
        var f = Assert.Single(TestScan.Yaml(yaml).Findings("capabilities-drop-all"));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.capabilities.drop", f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains("NET_RAW, CHOWN", f.Message);
    }

    [Fact]
    public void No_security_context_is_reported_at_the_container()
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: app # <-
              image: nginx
            """);
        var result = TestScan.Yaml(yaml);
        var dropAll = Assert.Single(result.Findings("capabilities-drop-all"));
        Assert.Equal(TestScan.MarkedLine(yaml), dropAll.Line);
        Assert.Equal("spec.containers[0].securityContext.capabilities.drop", dropAll.Path);
        var netRaw = Assert.Single(result.Findings("net-raw-not-dropped"));
        Assert.Equal(TestScan.MarkedLine(yaml), netRaw.Line);
        Assert.Equal("spec.containers[0].securityContext.capabilities.drop", netRaw.Path);
    }

    [Theory]
    [InlineData("ALL")]
    [InlineData("all")]
    [InlineData("All")]
    public void Drop_all_in_any_case_is_clean(string all)
    {
        var result = TestScan.Yaml(PodWithCapabilities($"drop: [{all}]"));
        Assert.Empty(result.Findings("capabilities-drop-all"));
        Assert.Empty(result.Findings("net-raw-not-dropped"));
    }

    [Theory]
    [InlineData("NET_RAW")]
    [InlineData("net_raw")]
    [InlineData("Net_Raw")]
    [InlineData("net_ʀaw")]
    public void Dropping_net_raw_in_any_case_satisfies_net_raw_rule(string spelling)
    {
        var result = TestScan.Yaml(PodWithCapabilities($"drop: [\"{spelling}\"]"));
        Assert.Equal(spelling.Contains('ʀ') ? 1 : 0, result.Findings("net-raw-not-dropped").Count());
        Assert.Single(result.Findings("capabilities-drop-all"));
    }

    // containerd's CRI drops "CAP_" + strings.ToUpper(entry), untrimmed, and matches ALL exactly
    // (case aside): CAP_NET_RAW becomes CAP_CAP_NET_RAW and " ALL" is no ALL, so neither drops
    // anything there. Counting them as dropped would be a false "safe".
    [Theory]
    [InlineData("CAP_NET_RAW", "NET_RAW")]
    [InlineData("cap_net_raw", "NET_RAW")]
    [InlineData(" NET_RAW", "NET_RAW")]
    [InlineData("NET_RAW ", "NET_RAW")]
    [InlineData(" ALL", "ALL")]
    [InlineData("CAP_ALL", "ALL")]
    public void A_drop_containerd_does_not_honour_keeps_net_raw_and_says_why(string spelling, string meant)
    {
        var yaml = PodWithCapabilities($"drop: [\"{spelling}\"] # <-");
        var result = TestScan.Yaml(yaml);
        var netRaw = Assert.Single(result.Findings("net-raw-not-dropped"));
        Assert.Equal(TestScan.MarkedLine(yaml), netRaw.Line);
        Assert.EndsWith($"capabilities.drop \"{spelling}\" drops nothing on containerd, which adds CAP_ itself and does not trim: write {meant}", netRaw.Message);
        var dropAll = Assert.Single(result.Findings("capabilities-drop-all"));
        Assert.Equal(meant == "ALL", dropAll.Message.Contains("drops nothing on containerd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ſys_admin")]
    [InlineData("all")]
    [InlineData("\\u0061ll")]
    public void Go_upper_case_spellings_of_a_drop_count(string spelling)
    {
        var result = TestScan.Yaml(PodWithCapabilities($"drop: [\"{spelling}\", NET_RAW]"));
        Assert.Empty(result.Findings("net-raw-not-dropped"));
        Assert.Equal(spelling.EndsWith("ll", StringComparison.Ordinal) ? 0 : 1, result.Findings("capabilities-drop-all").Count());
    }

    [Fact]
    public void Net_raw_not_dropped_is_reported()
    {
        var yaml = PodWithCapabilities("drop: [CHOWN] # <-");
        var f = Assert.Single(TestScan.Yaml(yaml).Findings("net-raw-not-dropped"));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.capabilities.drop", f.Path);
        Assert.Equal("app", f.Container);
    }

    [Theory]
    [InlineData("NET_RAW")]
    [InlineData("cap_net_raw")]
    public void Net_raw_added_back_after_drop_all_is_reported_at_the_item(string spelling)
    {
        var yaml = PodWithCapabilities($"""
            drop: [ALL]
            add:
            - {spelling} # <-
            """);
        var f = Assert.Single(TestScan.Yaml(yaml).Findings("net-raw-not-dropped"));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.capabilities.add[0]", f.Path);
        Assert.Contains(spelling, f.Message);
    }

    [Fact]
    public void Explicit_drop_of_net_raw_beats_its_addition()
    {
        var result = TestScan.Yaml(PodWithCapabilities("""
            drop: [NET_RAW]
            add: [NET_RAW]
            """));
        Assert.Empty(result.Findings("net-raw-not-dropped"));
    }

    [Fact]
    public void Drop_all_beats_add_all()
    {
        var result = TestScan.Yaml(PodWithCapabilities("""
            drop: [ALL]
            add: [ALL]
            """));
        Assert.Empty(result.Findings("net-raw-not-dropped"));
    }

    [Fact]
    public void Init_and_ephemeral_containers_are_checked()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            initContainers:
            - name: init
              image: busybox
            containers:
            - name: app
              image: nginx
              securityContext:
                capabilities:
                  drop: [ALL]
            ephemeralContainers:
            - name: debug
              image: busybox
            """));
        Assert.Equal(["init", "debug"], result.Findings("capabilities-drop-all").Select(f => f.Container));
        Assert.Equal(["init", "debug"], result.Findings("net-raw-not-dropped").Select(f => f.Container));
    }

    [Fact]
    public void Windows_pods_are_skipped()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            os:
              name: windows
            containers:
            - name: app
              image: mcr.microsoft.com/windows/nanoserver
            """));
        Assert.Empty(result.Findings("capabilities-drop-all"));
        Assert.Empty(result.Findings("net-raw-not-dropped"));
    }

    [Fact]
    public void CronJob_template_is_checked()
    {
        var yaml = Workloads.CronJob("""
            containers:
            - name: job
              image: busybox
              securityContext:
                capabilities:
                  drop: [CHOWN] # <-
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings("capabilities-drop-all"));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.drop", f.Path);
        Assert.Single(result.Findings("net-raw-not-dropped"));
    }
}
