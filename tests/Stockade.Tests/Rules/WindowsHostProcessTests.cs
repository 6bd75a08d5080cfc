namespace Stockade.Tests.Rules;

public class WindowsHostProcessTests
{
    private const string Rule = "windows-host-process";

    [Fact]
    public void The_hardened_profile_reports_a_pod_level_host_process_once_at_the_pod_field()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            hostNetwork: true
            securityContext:
              windowsOptions:
                hostProcess: true
            containers:
            - name: agent
              image: agent
            """));
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("spec.securityContext.windowsOptions.hostProcess", f.Path);
        Assert.Null(f.Container);
        Assert.Equal(Stockade.Engine.Severity.Critical, f.Severity);
    }

    [Fact]
    public void A_container_level_host_process_is_reported_at_the_container_in_a_workload_template()
    {
        var result = TestScan.Yaml(Workloads.Deployment("""
            hostNetwork: true
            containers:
            - name: app
              image: app
            - name: agent
              image: agent
              securityContext:
                windowsOptions:
                  hostProcess: true
            """));
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("agent", f.Container);
        Assert.Equal("spec.template.spec.containers[1].securityContext.windowsOptions.hostProcess", f.Path);
    }

    [Fact]
    public void Host_process_false_or_unset_is_clean()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            securityContext:
              windowsOptions:
                hostProcess: false
            containers:
            - name: app
              image: app
              securityContext:
                windowsOptions: {runAsUserName: ContainerUser}
            """));
        Assert.Empty(result.Findings(Rule));
    }
}
