using Stockade.Config;
using Stockade.Engine;
using Stockade.Rules.Workload;

namespace Stockade.Tests.Rules;

public class CapabilityAddTests
{
    private static string PodAdding(string add) => Workloads.PodWithCapabilities($"drop: [ALL]\nadd: {add} # <-");

    [Theory]
    [InlineData("SYS_ADMIN", "SYS_ADMIN")]
    [InlineData("sys_admin", "SYS_ADMIN")]
    [InlineData("CAP_SYS_ADMIN", "SYS_ADMIN")]
    [InlineData("Cap_Sys_Module", "SYS_MODULE")]
    [InlineData("NET_ADMIN", "NET_ADMIN")]
    [InlineData("all", "ALL")]
    // Go's strings.ToUpper, which the runtimes use, maps the long s and the dotless i to S and I.
    [InlineData("\u017Fys_admin", "SYS_ADMIN")]
    [InlineData("sys_adm\u0131n", "SYS_ADMIN")]
    public void Dangerous_capability_is_reported_at_the_item(string spelling, string normalized)
    {
        var yaml = PodAdding($"[{spelling}]");
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings("dangerous-capabilities"));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.capabilities.add[0]", f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains(normalized, f.Message);
        Assert.Contains($"\"{spelling}\"", f.Message);
        Assert.Empty(result.Findings("capabilities-added"));
    }

    [Fact]
    public void Each_dangerous_item_is_reported_once()
    {
        var yaml = Workloads.PodWithCapabilities("add:\n- SYS_PTRACE # <-\n- NET_BIND_SERVICE\n- CAP_BPF # <-");
        var result = TestScan.Yaml(yaml);
        var findings = result.Findings("dangerous-capabilities");
        Assert.Equal(["spec.containers[0].securityContext.capabilities.add[0]", "spec.containers[0].securityContext.capabilities.add[2]"],
            findings.Select(f => f.Path));
        Assert.Equal(TestScan.MarkedLines(yaml), findings.Select(f => f.Line));
        Assert.Empty(result.Findings("capabilities-added"));
    }

    [Fact]
    public void Capability_outside_allow_list_is_reported_as_added()
    {
        var yaml = PodAdding("[NET_BIND_SERVICE, cap_chown]");
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings("capabilities-added"));
        Assert.Equal("spec.containers[0].securityContext.capabilities.add[1]", f.Path);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Contains("CHOWN", f.Message);
        Assert.Empty(result.Findings("dangerous-capabilities"));
    }

    [Theory]
    [InlineData("NET_BIND_SERVICE")]
    [InlineData("net_bind_service")]
    [InlineData("CAP_NET_BIND_SERVICE")]
    public void Allowed_capability_is_clean(string spelling)
    {
        var result = TestScan.Yaml(PodAdding($"[{spelling}]"));
        Assert.Empty(result.Findings("capabilities-added"));
        Assert.Empty(result.Findings("dangerous-capabilities"));
    }

    [Fact]
    public void Settings_decide_what_is_dangerous_and_allowed()
    {
        var settings = RuleSettings.Default
            .With(DangerousCapabilities.Names, new HashSet<string>(StringComparer.Ordinal) { "CHOWN" })
            .With(CapabilitiesAdded.AllowedAdded, new HashSet<string>(StringComparer.Ordinal) { "SYS_ADMIN" });
        var config = new StockadeConfig { Settings = settings };
        var result = TestScan.Yaml(PodAdding("[CHOWN, SYS_ADMIN, FOWNER]"), config: config);
        Assert.Equal(["spec.containers[0].securityContext.capabilities.add[0]"], result.Findings("dangerous-capabilities").Select(f => f.Path));
        Assert.Equal(["spec.containers[0].securityContext.capabilities.add[2]"], result.Findings("capabilities-added").Select(f => f.Path));
    }

    [Fact]
    public void Init_and_ephemeral_containers_and_templates_are_checked()
    {
        var result = TestScan.Yaml(Workloads.Deployment("""
            initContainers:
            - name: init
              image: busybox
              securityContext:
                capabilities:
                  add: [NET_ADMIN]
            containers:
            - name: app
              image: nginx
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext:
                capabilities:
                  add: [SYS_PTRACE, KILL]
            """));
        var dangerous = result.Findings("dangerous-capabilities");
        Assert.Equal(["init", "debug"], dangerous.Select(f => f.Container));
        Assert.Equal("spec.template.spec.initContainers[0].securityContext.capabilities.add[0]", dangerous[0].Path);
        var added = Assert.Single(result.Findings("capabilities-added"));
        Assert.Equal("debug", added.Container);
        Assert.Equal("spec.template.spec.ephemeralContainers[0].securityContext.capabilities.add[1]", added.Path);
    }
}
