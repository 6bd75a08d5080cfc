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
        { "lists: slice", "[3, 1].slice(0, 1) == [3]", 34 },
        { "lists: distinct", "[1, 1].distinct() == [1]", 34 },
        { "lists: flatten", "[1, [2, [3]]].flatten() == [1, 2, [3]]", 34 },
        { "lists: reverse", "[1, 2].reverse() == [2, 1]", 34 },
        { "lists: sort", "['b', 'a'].sort() == ['a', 'b']", 34 },
        { "lists: sortBy", "[{'n': 2}, {'n': 1}].sortBy(e, e.n) == [{'n': 1}, {'n': 2}]", 34 },
        { "lists: range", "lists.range(3) == [0, 1, 2]", 34 },
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
    [InlineData("'ab'.reverse() == 'ba'")]
    public void What_the_API_server_never_enables_does_not_run_at_any_version(string expression)
    {
        // cel.bind does not compile; strings v3's reverse shares its name with the lists' (1.34),
        // so before 1.34 it does not compile and from 1.34 it has no overload for a string.
        Assert.Throws<CelParseException>(() => Run(expression, CelEnvironment.NewestMinor - 4));
        Assert.ThrowsAny<Exception>(() => Run(expression, CelEnvironment.NewestMinor));
        // The engine still has them, for cel-go's conformance suites.
        Assert.Equal(true, CelProgram.Compile(expression).Evaluate(new Dictionary<string, object>()));
    }

    [Theory]
    [InlineData("[3, 1, 2].sort() == [1, 2, 3]")]
    [InlineData("[].sort() == []")]
    [InlineData("['c', 'a', 'b'].sortBy(s, s) == ['a', 'b', 'c']")]
    [InlineData("[{'name': 'foo', 'score': 0}, {'name': 'bar', 'score': -10}, {'name': 'baz', 'score': 1000}].sortBy(e, e.score).map(e, e.name) == ['bar', 'foo', 'baz']")]
    [InlineData("[[1, 2], [3]].sortBy(l, l.size()) == [[3], [1, 2]]")]
    [InlineData("[duration('2s'), duration('1s')].sort() == [duration('1s'), duration('2s')]")]
    [InlineData("lists.range(0) == []")]
    [InlineData("[1, 2, 2, 3, 3, 3].distinct() == [1, 2, 3]")]
    [InlineData("[1, 'b', 2, 'b'].distinct() == [1, 'b', 2]")]
    [InlineData("[1, [2, [3, [4]]]].flatten(2) == [1, 2, 3, [4]]")]
    [InlineData("[5, 3, 1, 2].reverse() == [2, 1, 3, 5]")]
    public void The_lists_extension_gives_cel_gos_results(string expression) => Assert.Equal(true, Run(expression, 34));

    [Theory]
    [InlineData("[1, 'b'].sort()", "list elements must have the same type")]
    [InlineData("[1, 2.0].sort()", "list elements must have the same type")]
    [InlineData("[[1, 2, 3]].sort()", "list elements must be comparable")]
    [InlineData("[1, 2].sortBy(e, e == 1 ? 'a' : 2)", "list elements must have the same type")]
    [InlineData("[1, [2]].flatten(-1)", "level must be non-negative")]
    public void The_lists_extension_fails_as_cel_go_does(string expression, string error) =>
        Assert.Contains(error, Assert.Throws<CelEvalException>(() => Run(expression, 34)).Message);

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
