namespace Stockade.Tests;

public class SmokeTests
{
    [Fact]
    public void Privileged_container_is_reported_at_the_field()
    {
        var yaml = TestScan.Pod("""
            containers:
            - name: app
              image: nginx
              securityContext:
                privileged: true # <-
            """);
        var result = TestScan.Yaml(yaml);
        var f = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.containers[0].securityContext.privileged", f.Path);
        Assert.Equal("app", f.Container);
    }
}
