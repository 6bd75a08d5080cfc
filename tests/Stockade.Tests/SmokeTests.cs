namespace Stockade.Tests;

public class SmokeTests
{
    [Fact]
    public void Privileged_container_is_reported_at_the_field()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            containers:
            - name: app
              image: nginx
              securityContext:
                privileged: true
            """));
        var f = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal(11, f.Line);
        Assert.Equal("spec.containers[0].securityContext.privileged", f.Path);
        Assert.Equal("app", f.Container);
    }
}
