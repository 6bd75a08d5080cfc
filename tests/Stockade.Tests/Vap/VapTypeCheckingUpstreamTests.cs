using Stockade.Cel;
using Stockade.Cel.Checking;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Tests.Vap;

/// <summary>
/// Upstream's typechecking_test.go (staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating),
/// ported by name: TestExtractTypeNames (which kinds a policy is checked against) and TestTypeCheck
/// (with its fake schema resolver: one schema for every kind, or none).
/// </summary>
public class VapTypeCheckingUpstreamTests
{
    private static VapResourceRule Rule(string group, string version, string resource) => new([group], [version], [resource], ["*"], []);

    private static VapMatchResources Match(params VapResourceRule[] rules) =>
        new(VapLabelSelector.Everything, VapLabelSelector.Everything, rules, [], true);

    private static readonly VapMatchResources Deployments = Match(Rule("apps", "v1", "deployments"));

    // Rules as "group|version|resource" (xUnit theories are public: the rule model is internal).
    public static TheoryData<string, string[], string[]> ExtractTypeNamesCases => new()
    {
        { "empty", [], [] },
        { "specific", ["apps|v1|deployments"], ["apps/v1/Deployment"] },
        { "multiple", ["apps|v1|deployments", "|v1|pods"], ["/v1/Pod", "apps/v1/Deployment"] },
        { "all resources", ["apps|v1|*"], [] },
        { "sub resources", ["apps|v1|pods/*"], [] },
        { "mixtures", ["apps|v1|deployments", "apps|*|deployments"], ["apps/v1/Deployment"] },
    };

    [Theory]
    [MemberData(nameof(ExtractTypeNamesCases))]
    public void ExtractTypeNames(string name, string[] rules, string[] expected)
    {
        var parsed = rules.Select(r => r.Split('|')).Select(p => Rule(p[0], p[1], p[2])).ToArray();
        var got = VapTypeChecker.TypesToCheck(Match(parsed), VapResources.BuiltInTable).Select(t => $"{t.Group}/{t.Version}/{t.Kind}");
        Assert.True(expected.SequenceEqual(got), name);
    }

    private static VapExpression E(string text) => new(text, new SourcePosition(1, 1), CelProgram.Compile(text, check: true, CelEnvironment.Newest));

    private static VapPolicy Policy(string[] validations, VapMatchResources? match = null, VapParamKind? paramKind = null,
        (string Name, string Expression)[]? variables = null, string? messageExpression = null) => new()
    {
        Name = "p", File = "policy.yaml", Position = new SourcePosition(1, 1), ParamKind = paramKind,
        MatchConstraints = match ?? Deployments,
        Validations = validations.Select((v, i) => new VapValidation(E(v), null, i == 0 && messageExpression != null ? E(messageExpression) : null, null)).ToList(),
        Variables = (variables ?? []).Select(v => new VapVariable(v.Name, E(v.Expression))).ToList(),
    };

    private static CheckType Object(params (string Name, CheckType Type)[] fields) =>
        CheckType.Object("object", fields.ToDictionary(f => f.Name, f => f.Type));

    /// <summary>Upstream's fakeSchemaResolver: the same schema for every kind, null as "not found".</summary>
    private static IReadOnlyList<(string FieldRef, string Warning)> Check(VapPolicy policy, CheckType? schema) =>
        VapTypeChecker.ExpressionWarnings(VapTypeChecker.Check(policy, (e, _, _) => e.Position, (_, _) => schema));

    private static readonly CheckType FooString = Object(("foo", CheckType.String));
    private static readonly CheckType FooInt = Object(("foo", CheckType.Int));

    [Fact]
    public void Empty() => Assert.Empty(Check(Policy([], Match()), FooString));

    [Fact]
    public void Unresolved_schema() => Assert.Empty(Check(Policy(["object.foo == 'bar'"]), null));

    [Fact]
    public void Passed_check() => Assert.Empty(Check(Policy(["object.foo == 'bar'"]), FooString));

    [Fact]
    public void Undefined_field()
    {
        var w = Assert.Single(Check(Policy(["object.foo == 'bar'"]), Object(("bar", CheckType.String))));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Contains("undefined field 'foo'", w.Warning);
        Assert.Equal("apps/v1, Kind=Deployment: ERROR: <input>:1:7: undefined field 'foo'\n", w.Warning);
    }

    [Fact]
    public void Field_type_mismatch()
    {
        var w = Assert.Single(Check(Policy(["object.foo == 'bar'"]), FooInt));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Contains("found no matching overload", w.Warning);
    }

    [Fact]
    public void Params()
    {
        var w = Assert.Single(Check(Policy(["object.foo == params.bar"], paramKind: new VapParamKind("v1", "DoesNotMatter")), FooString));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Contains("undefined field 'bar'", w.Warning);
    }

    [Fact]
    public void Params_with_untyped_schema() =>
        Assert.Empty(Check(Policy(["params != null"], paramKind: new VapParamKind("v1", "Config")), CheckType.Dyn));

    [Fact]
    public void Multiple_expressions()
    {
        var w = Assert.Single(Check(Policy(["object.foo == 'bar'", "object.bar == 'foo'"]), FooString));
        Assert.Equal("spec.validations[1].expression", w.FieldRef);
    }

    [Fact]
    public void Message_expressions()
    {
        var w = Assert.Single(Check(Policy(["object.foo == 'bar'"], messageExpression: "object.foo + 114514"), FooString));
        Assert.Equal("spec.validations[0].messageExpression", w.FieldRef);
    }

    [Fact]
    public void Authorizer() => Assert.Empty(Check(Policy(["authorizer.group('').resource('endpoints').check('create').allowed()"]), FooString));

    [Fact]
    public void Authorizer_invalid()
    {
        var w = Assert.Single(Check(Policy(["authorizer.allowed()"]), FooString));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Contains("found no matching overload for 'allowed' applied to 'kubernetes.authorization.Authorizer", w.Warning);
    }

    [Fact]
    public void AdditionalProperties_true()
    {
        // A custom resource the REST mapper does not know: nothing to check against.
        var schema = Object(("spec", Object(("text", CheckType.String))), ("status", Object(("problematicProperty", CheckType.Map(CheckType.String, CheckType.Dyn)))));
        Assert.Empty(Check(Policy(["has(object.spec.text)"], Match(Rule("example.com", "v1alpha1", "reproducers"))), schema));
    }

    [Fact]
    public void Schema_without_type() => Assert.Empty(Check(Policy(["true"]), CheckType.Dyn));

    [Fact]
    public void Variables_valid() => Assert.Empty(Check(Policy(["variables.works"], variables: [("works", "true")]), FooInt));

    [Fact]
    public void Variables_missing_field()
    {
        var w = Assert.Single(Check(Policy(["variables.nonExisting"], variables: [("works", "true")]), FooInt));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Contains("undefined field 'nonExisting'", w.Warning);
    }

    [Fact]
    public void Variables_field_wrong_type()
    {
        var w = Assert.Single(Check(Policy(["variables.name == object.foo"], variables: [("name", "'something'")]), FooInt));
        Assert.Equal("spec.validations[0].expression", w.FieldRef);
        Assert.Contains("found no matching overload for '_==_' applied to '(string, int)", w.Warning);
    }

    [Fact]
    public void Error_in_variables_not_reported_during_type_checking() =>
        Assert.Empty(Check(Policy(["variables.name == object.foo"], variables: [("name", "object.foo == 'str'")]), FooInt));
}
