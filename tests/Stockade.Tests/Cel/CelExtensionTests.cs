using System.Text.Json;
using Stockade.Cel;
using Stockade.Cel.Runtime;
using Stockade.Cel.Values;

namespace Stockade.Tests.Cel;

/// <summary>The cel-go extensions of the API server's environment, and the ones it leaves out.</summary>
public sealed class CelExtensionTests
{
    private const string Deployment = """
        {"metadata":{"labels":{"app":"web","team":"a"}},
         "spec":{"template":{"spec":{"containers":[{"name":"app","image":"r/app:1"},{"name":"side","image":"r/side:2"}]}}}}
        """;

    private static object Eval(string expr) =>
        CelProgram.Compile(expr).Evaluate(new Dictionary<string, object> { ["object"] = CelJson.FromElement(JsonDocument.Parse(Deployment).RootElement) });

    [Theory]
    [InlineData("object.metadata.labels.all(k, v, k.size() > 2 && v != '')", true)]
    [InlineData("object.metadata.labels.exists(k, v, k == 'team' && v == 'a')", true)]
    [InlineData("object.spec.template.spec.containers.existsOne(i, c, i > 0 && c.image.startsWith('r/'))", true)]
    [InlineData("object.spec.template.spec.containers.transformList(i, c, i == 1, c.name) == ['side']", true)]
    [InlineData("object.metadata.labels.transformMap(k, v, v + '!') == {'app': 'web!', 'team': 'a!'}", true)]
    [InlineData("object.spec.template.spec.containers.transformMapEntry(i, c, {c.name: i}) == {'app': 0, 'side': 1}", true)]
    public void Two_variable_comprehensions_see_index_and_element_or_key_and_value(string expr, bool expected) =>
        Assert.Equal(expected, Eval(expr));

    [Theory]
    [InlineData("{'example.com/team': 'a'}.`example.com/team` == 'a'", true)]
    [InlineData("has({'a-b': 1}.`a-b`) && !has({'a-b': 1}.`a.b`)", true)]
    public void Backtick_quoted_field_names_select_keys_that_are_not_identifiers(string expr, bool expected) =>
        Assert.Equal(expected, Eval(expr));

    [Fact]
    public void TransformMapEntry_rejects_a_key_produced_twice()
    {
        var e = Assert.Throws<CelEvalException>(() => Eval("[1, 2].transformMapEntry(i, v, {'k': v})"));
        Assert.Contains("already exists", e.Message);
    }

    [Theory]
    [InlineData("math.greatest(1, 2)")]
    [InlineData("base64.encode(b'a')")]
    public void Extensions_the_API_server_does_not_enable_are_compile_errors_in_policies(string expr)
    {
        var e = Assert.Throws<CelParseException>(() => CelProgram.Compile(expr));
        Assert.Contains("undeclared reference", e.Message);
    }

    [Theory]
    [InlineData("math.greatest([1, 5u, 2.5]) == 5u", true)]
    [InlineData("math.least(3, -1.5, 2u) == -1.5", true)]
    [InlineData("math.bitShiftRight(-1024, 3) == 2305843009213693824", true)]
    [InlineData("base64.decode('aGVsbG8') == b'hello'", true)]
    public void The_cel_go_extension_set_evaluates_math_and_encoders(string expr, bool expected) =>
        Assert.Equal(expected, CelProgram.Compile(expr, check: true, CelEnvironment.CelGoExtended).Evaluate(new Dictionary<string, object>()));
}

public sealed class CelStringFormatTests
{
    [Theory]
    [InlineData("'%.0f %.0f %.1f'.format([2.5, 3.5, 9.96])", "2 4 10.0")]
    [InlineData("'%.3e'.format([0.00012345])", "1.234e-04")]
    [InlineData("'%s'.format([{'b': [1, 2.5], 'a': null}])", "{a: null, b: [1, 2.5]}")]
    [InlineData("'%d%% of %s, %x, %o, %b'.format([50, 'pods', -255, 8u, true])", "50% of pods, -ff, 10, 1")]
    public void Format_substitutes_clauses_as_cel_go_does(string expr, string expected) =>
        Assert.Equal(expected, CelProgram.Compile(expr).Evaluate(new Dictionary<string, object>()));

    [Theory]
    [InlineData("'%a'.format([1])", "unrecognized formatting clause \"a\"")]
    [InlineData("'%d %d'.format([1])", "index 1 out of range")]
    [InlineData("'%d'.format(['x'])", "decimal clause can only be used on integers, was given string")]
    public void Format_errors_read_as_cel_go(string expr, string message)
    {
        var e = Assert.Throws<CelEvalException>(() => CelProgram.Compile(expr).Evaluate(new Dictionary<string, object>()));
        Assert.Contains(message, e.Message);
    }
}

public sealed class CelGoTimeSemanticsTests
{
    private static object Eval(string expr) => CelProgram.Compile(expr).Evaluate(new Dictionary<string, object>());

    [Fact]
    public void The_difference_of_timestamps_beyond_a_go_duration_is_a_range_error()
    {
        Assert.Throws<CelEvalException>(() => Eval("timestamp('9999-12-31T23:59:59Z') - timestamp('0001-01-01T00:00:00Z')"));
        Assert.Equal(true, Eval("timestamp('2200-01-01T00:00:00Z') - timestamp('2000-01-01T00:00:00Z') > duration('1000000h')"));
    }

    [Fact]
    public void A_dotted_type_name_is_the_type() =>
        Assert.Equal(true, Eval("google.protobuf.Timestamp == type(timestamp('2009-02-13T23:31:30Z')) && google.protobuf.Duration == type(duration('1s'))"));
}
