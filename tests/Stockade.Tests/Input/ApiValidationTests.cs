namespace Stockade.Tests.Input;

/// <summary>Combinations the API server's validation refuses are errors for the object.</summary>
public class ApiValidationTests
{
    [Theory]
    [InlineData("hostNetwork")]
    [InlineData("hostPID")]
    [InlineData("hostIPC")]
    public void Host_namespaces_cannot_go_with_a_user_namespace(string field)
    {
        var result = TestScan.Yaml(TestScan.Pod($"""
            hostUsers: false
            {field}: true
            containers:
            - name: app
              image: nginx
            """));
        var e = Assert.Single(result.Errors);
        Assert.Equal(8, e.Line);
        Assert.Contains($"when `hostUsers` is false, `{field}` must be false", e.Message);
        Assert.Equal("fail", result.Objects.Single().Verdict.ToString().ToLowerInvariant());
    }

    [Fact]
    public void A_user_namespace_alone_is_valid()
    {
        var result = TestScan.Yaml(TestScan.Pod("""
            hostUsers: false
            hostNetwork: false
            containers:
            - name: app
              image: nginx
            """));
        Assert.Empty(result.Errors);
    }
}
