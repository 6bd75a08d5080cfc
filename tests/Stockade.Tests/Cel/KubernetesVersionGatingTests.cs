using Stockade.Cel;

namespace Stockade.Tests.Cel;

/// <summary>
/// Each library is available from the Kubernetes version that added it to the API server's CEL
/// environment (staging/src/k8s.io/apiserver/pkg/cel/environment/base.go): at the version before,
/// an expression using it does not compile, with the API server's kind of error.
/// </summary>
public class KubernetesVersionGatingTests
{
    public static TheoryData<string, string, int> Libraries => new()
    {
        { "authz", "authorizer.group('apps').resource('deployments').check('create').allowed()", 27 },
        { "quantity", "quantity('1Gi').isGreaterThan(quantity('1Mi'))", 28 },
        { "optional types: function", "optional.of(1).hasValue()", 28 },
        { "optional types: syntax", "{'a': 1}.?a.orValue(0) == 1", 28 },
        { "optional types: index", "[1][?0].hasValue()", 28 },
        { "strings v2: format", "'%s'.format(['x']) == 'x'", 29 },
        { "strings v2: quote", "strings.quote('a') == '\"a\"'", 29 },
        { "sets", "sets.contains([1, 2], [1])", 29 },
        { "ip", "ip('10.0.0.1').family() == 4", 30 },
        { "cidr", "cidr('10.0.0.0/8').containsIP(ip('10.0.0.1'))", 30 },
        { "format", "format.dns1123Label().validate('a').hasValue() == false", 31 },
        { "authz selectors", "authorizer.group('').resource('pods').fieldSelector('spec.nodeName=n').labelSelector('a=b').check('list').allowed()", 32 },
        { "two-variable comprehensions", "[1, 2].all(i, v, v > i)", 32 },
        { "two-variable comprehensions: transformList", "[1, 2].transformList(i, v, v * 2) == [2, 4]", 32 },
        { "semver", "semver('1.2.3').major() == 1", 33 },
    };

    private static object Run(string expression, int minor) =>
        CelProgram.Compile(expression, check: true, CelEnvironment.Kubernetes(minor)).Evaluate(new Dictionary<string, object>
        {
            ["authorizer"] = new AllowAll(),
        });

    private sealed class AllowAll : Stockade.Cel.Values.CelAuthorizer
    {
        public override (bool Allowed, string Reason) Check(Stockade.Cel.Values.CelAuthorizationCheck check) => (true, "");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void A_library_compiles_from_its_version_and_not_before(string library, string expression, int introduced)
    {
        Assert.Equal(true, Run(expression, introduced));
        Assert.Equal(true, Run(expression, CelEnvironment.NewestMinor));
        var e = Assert.Throws<CelParseException>(() => Run(expression, introduced - 1));
        Assert.Matches("undeclared reference|unsupported syntax", e.Reason);
        _ = library;
    }

    [Theory]
    [InlineData("cel.bind(x, 1, x == 1)")]
    [InlineData("[3, 1].slice(0, 1) == [3]")]
    [InlineData("'ab'.reverse() == 'ba'")]
    [InlineData("[1, 1].distinct() == [1]")]
    public void What_the_API_server_never_enables_does_not_compile_at_any_version(string expression)
    {
        Assert.Throws<CelParseException>(() => Run(expression, CelEnvironment.NewestMinor));
        // The engine still has them, for cel-go's conformance suites.
        Assert.Equal(true, CelProgram.Compile(expression).Evaluate(new Dictionary<string, object>()));
    }

    [Theory]
    [InlineData("1.30", 30)]
    [InlineData("v1.31", 31)]
    [InlineData("1.33.2", 33)]
    public void A_version_is_read_as_1_N(string text, int minor) => Assert.Equal(minor, CelEnvironment.Parse(text, out _)!.KubernetesMinor);

    [Theory]
    [InlineData("1.25", "not supported")]
    [InlineData("1.99", "not supported")]
    [InlineData("2.0", "not a Kubernetes version")]
    [InlineData("latest", "not a Kubernetes version")]
    public void Another_version_is_refused(string text, string reason)
    {
        Assert.Null(CelEnvironment.Parse(text, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_sets_library_follows_cel_go()
    {
        Assert.Equal(true, Run("sets.equivalent([1, 2], [2, 1, 1])", 29));
        Assert.Equal(false, Run("sets.intersects([1], [2])", 29));
        Assert.Equal(true, Run("sets.contains([], [])", 29));
        Assert.Equal(false, Run("sets.contains([1], [1, 2])", 29));
    }
}
