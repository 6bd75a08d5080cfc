namespace Stockade.Tests.Rules;

public class HostPortTests
{
    private const string Rule = "host-port";

    [Fact]
    public void Host_port_is_reported_at_the_field()
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: web
              image: nginx
              ports:
              - containerPort: 80
                hostPort: 8080 # <-
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].ports[0].hostPort", f.Path);
        Assert.Equal("web", f.Container);
        Assert.Contains("8080", f.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("    hostPort: 0")]
    public void No_or_zero_host_port_is_clean(string hostPortLine)
    {
        var result = TestScan.Yaml(TestScan.Pod($"""
            containers:
            - name: web
              image: nginx
              ports:
              - containerPort: 80
            {hostPortLine}
            """));
        Assert.Empty(result.Findings(Rule));
    }

    [Fact]
    public void Every_port_of_every_container_kind_is_checked()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            initContainers:
            - name: init
              image: busybox
              ports:
              - containerPort: 53
                hostPort: 53
            containers:
            - name: web
              image: nginx
              ports:
              - containerPort: 80
              - containerPort: 443
                hostPort: 443
            ephemeralContainers:
            - name: debug
              image: busybox
              ports:
              - containerPort: 9000
                hostPort: 9000
            """));
        var findings = result.Findings(Rule);
        Assert.Equal(["init", "web", "debug"], findings.Select(f => f.Container));
        Assert.Equal("spec.containers[0].ports[1].hostPort", findings[1].Path);
        Assert.Equal("spec.ephemeralContainers[0].ports[0].hostPort", findings[2].Path);
    }

    [Fact]
    public void Host_network_defaults_host_port_to_container_port()
    {
        var yaml = TestScan.Pod("""
            hostNetwork: true
            containers:
            - name: web
              image: nginx
              ports:
              - containerPort: 80 # <-
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].ports[0].containerPort", f.Path);
        Assert.Contains("hostNetwork", f.Message);
    }

    [Fact]
    public void Deployment_template_is_checked()
    {
        var yaml = Workloads.Deployment("""
            containers:
            - name: web
              image: nginx
              ports:
              - containerPort: 80
                hostPort: 80 # <-
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.template.spec.containers[0].ports[0].hostPort", f.Path);
    }
}
