using Stockade.Rules.Workload;

namespace Stockade.Tests.Rules;

public class UnmaskedProcMountTests
{
    private const string Rule = "unmasked-procmount";

    [Fact]
    public void Unmasked_is_reported_at_the_field()
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: app
              image: nginx
              securityContext:
                procMount: Unmasked # <-
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.procMount", f.Path);
        Assert.Equal("app", f.Container);
        Assert.Contains("Unmasked", f.Message);
    }

    [Theory]
    [InlineData("procMount: Default")]
    [InlineData("runAsNonRoot: true")]
    public void Default_or_unset_is_clean(string field)
    {
        var result = TestScan.Yaml(TestScan.Pod($"""
            containers:
            - name: app
              image: nginx
              securityContext:
                {field}
            """));
        Assert.Empty(result.Findings(Rule));
    }

    [Fact]
    public void Init_and_ephemeral_containers_and_templates_are_checked()
    {
        var yaml = Workloads.Deployment("""
            initContainers:
            - name: init
              image: busybox
              securityContext:
                procMount: Unmasked # <-
            containers:
            - name: app
              image: nginx
            ephemeralContainers:
            - name: debug
              image: busybox
              securityContext:
                procMount: unmasked
            """);
        var result = TestScan.Yaml(yaml);
        var findings = result.Findings(Rule);
        Assert.Equal(["init", "debug"], findings.Select(f => f.Container));
        Assert.Equal("spec.template.spec.initContainers[0].securityContext.procMount", findings[0].Path);
        Assert.Equal(TestScan.MarkedLine(yaml), findings[0].Line);
    }
}

public class UnsafeSysctlsTests
{
    private const string Rule = "unsafe-sysctls";

    private static string PodWithSysctl(string name) => TestScan.Pod($"""
        securityContext:
          sysctls:
          - name: {name} # <-
            value: "1"
        containers:
        - name: app
          image: nginx
        """);

    [Theory]
    [InlineData("kernel.shm_rmid_forced")]
    [InlineData("net.ipv4.ip_local_port_range")]
    [InlineData("net.ipv4.ip_unprivileged_port_start")]
    [InlineData("net.ipv4.tcp_syncookies")]
    [InlineData("net.ipv4.ping_group_range")]
    [InlineData("net.ipv4.ip_local_reserved_ports")]
    [InlineData("net.ipv4.tcp_keepalive_time")]
    [InlineData("net.ipv4.tcp_fin_timeout")]
    [InlineData("net.ipv4.tcp_keepalive_intvl")]
    [InlineData("net.ipv4.tcp_keepalive_probes")]
    [InlineData("net.ipv4.tcp_rmem")]
    [InlineData("net.ipv4.tcp_wmem")]
    [InlineData("net.ipv4.tcp_slow_start_after_idle")]
    [InlineData("net.ipv4.tcp_notsent_lowat")]
    [InlineData("kernel/shm_rmid_forced")]
    [InlineData("net/ipv4/ip_local_port_range")]
    public void Safe_sysctls_are_clean(string name) =>
        Assert.Empty(TestScan.Yaml(PodWithSysctl(name)).Findings(Rule));

    [Theory]
    [InlineData("kernel.msgmax")]
    [InlineData("net.core.somaxconn")]
    [InlineData("vm.swappiness")]
    [InlineData("kernel/msgmax")]
    [InlineData("net.ipv4/ip_local_port_range")]
    [InlineData("KERNEL.SHM_RMID_FORCED")]
    public void Unsafe_sysctls_are_reported_at_the_name(string name)
    {
        var yaml = PodWithSysctl(name);
        var f = Assert.Single(TestScan.Yaml(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.securityContext.sysctls[0].name", f.Path);
        Assert.Null(f.Container);
        Assert.Contains(name, f.Message);
    }

    [Theory]
    [InlineData("kernel/shm_rmid_forced", "kernel.shm_rmid_forced")]
    [InlineData("net/ipv4/conf/eno2.100/rp_filter", "net.ipv4.conf.eno2/100.rp_filter")]
    [InlineData("net.ipv4.conf.eno2/100.rp_filter", "net.ipv4.conf.eno2/100.rp_filter")]
    [InlineData("kernel", "kernel")]
    [InlineData("", "")]
    public void Names_are_converted_like_the_kubelet(string name, string expected) =>
        Assert.Equal(expected, UnsafeSysctls.ToDotSeparated(name));

    [Fact]
    public void Each_unsafe_sysctl_of_a_template_is_reported()
    {
        var yaml = Workloads.CronJob("""
            securityContext:
              sysctls:
              - name: kernel.shm_rmid_forced
                value: "1"
              - name: kernel.sem # <-
                value: "250 32000 100 128"
              - name: net.core.somaxconn # <-
                value: "1024"
            containers:
            - name: app
              image: nginx
            """);
        var result = TestScan.Yaml(yaml);
        var findings = result.Findings(Rule);
        Assert.Equal(["spec.jobTemplate.spec.template.spec.securityContext.sysctls[1].name", "spec.jobTemplate.spec.template.spec.securityContext.sysctls[2].name"],
            findings.Select(f => f.Path));
        Assert.Equal(TestScan.MarkedLines(yaml), findings.Select(f => f.Line));
    }
}
