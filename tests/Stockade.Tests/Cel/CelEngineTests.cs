using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Cel;
using Stockade.Cel.Values;

namespace Stockade.Tests.Cel;

/// <summary>The engine as a ValidatingAdmissionPolicy uses it: expressions over an admission object in JSON.</summary>
public sealed class CelEngineTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"hostNetwork":false,"containers":[
           {"name":"app","image":"registry.example/app:1","securityContext":{"runAsNonRoot":true},"ports":[{"containerPort":8080}]},
           {"name":"side","image":"docker.io/side:latest"}]}}
        """;

    private static object Eval(string expr, string json = Pod) =>
        CelProgram.Compile(expr).Evaluate(new Dictionary<string, object> { ["object"] = CelJson.FromElement(JsonDocument.Parse(json).RootElement) });

    [Theory]
    [InlineData("has(object.spec.hostNetwork)", true)]
    [InlineData("has(object.spec.hostPID)", false)]
    [InlineData("object.spec.containers.all(c, c.image.startsWith('registry.example/'))", false)]
    [InlineData("object.spec.containers.exists(c, c.image.endsWith(':latest'))", true)]
    [InlineData("object.spec.containers.exists_one(c, has(c.securityContext))", true)]
    [InlineData("object.spec.containers.map(c, c.name) == ['app', 'side']", true)]
    [InlineData("object.spec.containers.filter(c, !has(c.securityContext)).size() == 1", true)]
    [InlineData("object.spec.containers[0].ports[0].containerPort == 8080", true)]
    [InlineData("object.spec.containers[0].ports[0].containerPort == 8080.0", true)]
    [InlineData("object.spec.containers[0].ports[0].containerPort == 8080u", true)]
    [InlineData("'app' in object.metadata.labels", true)]
    [InlineData("object.metadata.labels.app.matches('^w[a-z]+$')", true)]
    [InlineData("object.spec.?securityContext.?runAsNonRoot.orValue(false)", false)]
    [InlineData("object.spec.containers[0].?securityContext.?runAsNonRoot.orValue(false)", true)]
    [InlineData("object.metadata[?'annotations'].hasValue()", false)]
    [InlineData("object.spec.containers.all(c, c.?securityContext.?privileged.orValue(false) == false)", true)]
    [InlineData("object.spec.containers.map(c, c.image.split(':')[1]).join(',') == '1,latest'", true)]
    [InlineData("object.metadata.name.upperAscii() == 'WEB' && 'a-b'.replace('-', '_') == 'a_b'", true)]
    [InlineData("[3, 1, 2].max() == 3 && [1, 2, 3].isSorted() && [1, 2].sum() == 3", true)]
    public void Evaluates_admission_expressions_over_JSON(string expr, bool expected) =>
        Assert.Equal(expected, Eval(expr));

    [Theory]
    [InlineData("object.spec.nope", "no such key: nope")]
    [InlineData("1 / 0", "division by zero")]
    [InlineData("1 % 0", "modulus by zero")]
    [InlineData("9223372036854775807 + 1", "return error for overflow")]
    [InlineData("-9223372036854775808 - 1", "return error for overflow")]
    [InlineData("18446744073709551615u + 1u", "return error for overflow")]
    [InlineData("1 + 1u", "no such overload")]
    [InlineData("'a' < 1", "no such overload")]
    [InlineData("[1][3]", "index out of range")]
    [InlineData("optional.none().value()", "optional.none() dereference")]
    [InlineData("int('x')", "type conversion error")]
    public void Runtime_errors_read_as_upstream(string expr, string message)
    {
        var e = Assert.ThrowsAny<CelEvalException>(() => Eval(expr));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("false && (1 / 0 == 1)", false)]
    [InlineData("(1 / 0 == 1) && false", false)]
    [InlineData("(1 / 0 == 1) || true", true)]
    [InlineData("true || object.spec.nope", true)]
    [InlineData("[1, 0].exists(x, 1 / x == 1)", true)]
    [InlineData("[0, 1].all(x, 1 / x == 2)", false)]
    public void And_or_and_the_quantifiers_absorb_errors_that_do_not_decide_the_result(string expr, bool expected) =>
        Assert.Equal(expected, Eval(expr));

    [Fact]
    public void A_runaway_comprehension_stops_at_the_cost_limit_with_a_clear_error()
    {
        var program = CelProgram.Compile("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, a + b + c > 0)))");
        var e = Assert.Throws<CelCostLimitException>(() => program.Evaluate(new Dictionary<string, object>(), costLimit: 500));
        Assert.Contains("cost limit exceeded", e.Message);
        Assert.Equal(true, program.Evaluate(new Dictionary<string, object>()));
    }

    [Fact]
    public void The_cost_limit_is_not_absorbed_by_or()
    {
        var program = CelProgram.Compile("[1,2,3].all(a, [1,2,3].all(b, a < 5)) || true");
        Assert.Throws<CelCostLimitException>(() => program.Evaluate(new Dictionary<string, object>(), costLimit: 3));
    }

    [Theory]
    [InlineData("object.spec.containers.all(c,\n  c.image.startsWith('r/') &&)", 2, 30)]
    [InlineData("1 + ", 1, 5)]
    [InlineData("'unterminated", 1, 1)]
    [InlineData("object.spec.foo(1)", 1, 13)]
    [InlineData("a.all(1, true)", 1, 7)]
    [InlineData("has(a)", 1, 1)]
    public void Syntax_errors_and_unknown_functions_name_line_and_column(string expr, int line, int column)
    {
        var e = Assert.Throws<CelParseException>(() => CelProgram.Compile(expr));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.StartsWith($"{line}:{column}: ", e.Message);
    }

    [Fact]
    public void Deeply_nested_input_is_a_parse_error_not_a_stack_overflow()
    {
        var e = Assert.Throws<CelParseException>(() => CelProgram.Compile(new string('(', 10_000) + "1" + new string(')', 10_000)));
        Assert.Contains("nested too deeply", e.Message);
    }

    [Fact]
    public void JsonNode_objects_are_maps_as_JsonElement_ones_are()
    {
        var node = JsonNode.Parse(Pod);
        var result = CelProgram.Compile("object.spec.containers.exists(c, c.name == 'side') && size(object.metadata.labels) == 1")
            .Evaluate(new Dictionary<string, object> { ["object"] = CelJson.FromNode(node) });
        Assert.Equal(true, result);
    }

    [Fact]
    public void Regexes_run_on_the_linear_time_engine()
    {
        // Catastrophic for a backtracking engine; linear for RE2 semantics.
        var input = new string('a', 5_000) + "!";
        var result = CelProgram.Compile("s.matches('^(a+)+$')").Evaluate(new Dictionary<string, object> { ["s"] = input });
        Assert.Equal(false, result);
    }

    [Fact]
    public void A_compiled_program_is_reused_across_inputs()
    {
        var program = CelProgram.Compile("object.spec.containers.all(c, has(c.securityContext))");
        Assert.Equal(false, program.Evaluate(new Dictionary<string, object> { ["object"] = CelJson.FromElement(JsonDocument.Parse(Pod).RootElement) }));
        var other = """{"spec":{"containers":[{"name":"a","securityContext":{}}]}}""";
        Assert.Equal(true, program.Evaluate(new Dictionary<string, object> { ["object"] = CelJson.FromElement(JsonDocument.Parse(other).RootElement) }));
    }
}
