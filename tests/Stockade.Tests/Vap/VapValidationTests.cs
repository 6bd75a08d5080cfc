using Stockade.Vap;
using static Stockade.Tests.Vap.VapFixtures;

namespace Stockade.Tests.Vap;

public class VapValidationTests
{
    [Fact]
    public void A_compile_error_in_a_block_scalar_points_at_the_line_and_column_inside_the_expression()
    {
        var set = VapLoader.FromText(Policy(PodsRule + """

            validations:
            - expression: |
                object.spec.containers.all(c,
                  c.image.startsWith('r/') &&)
            """));
        var error = Assert.Single(set.Errors);
        Assert.Empty(set.Policies);
        // Line 15 of the file is the second line of the expression, "  c.image.startsWith('r/') &&)";
        // the block's indentation is 6, so its ')' (column 30 of the expression) is column 36.
        Assert.True(error.Position == new Stockade.Yaml.SourcePosition(15, 36), error.ToString());
        Assert.Contains("spec.validations[0].expression", error.Message);
        Assert.Contains("compilation failed", error.Message);
    }

    [Fact]
    public void A_compile_error_in_a_quoted_expression_is_shifted_past_the_quote()
    {
        var yaml = Policy(PodsRule + "\nvalidations:\n- expression: \"object.metadata.name ==\" # <-");
        var error = Assert.Single(VapLoader.FromText(yaml).Errors);
        Assert.Equal(TestScan.MarkedLine(yaml), error.Position.Line);
        // The expression starts at column 16 (after the quote at 15); the error is at its end.
        Assert.True(error.Position.Column > 16, error.ToString());
    }

    [Fact]
    public void An_unknown_function_is_a_compile_error()
    {
        var set = VapLoader.FromText(Policy(PodsRule + "\nvalidations:\n- expression: noSuchFunction(object)"));
        Assert.Contains(set.Errors, e => e.Message.Contains("noSuchFunction"));
    }

    [Theory]
    [InlineData("validationActions: [Deny, Warn]", "must not contain both Deny and Warn")]
    [InlineData("validationActions: []", "at least one validation action")]
    [InlineData("validationActions: [Block]", "Unsupported value: \"Block\"")]
    [InlineData("validationActions: [Deny]\nparamRef: {name: x, selector: {}, parameterNotFoundAction: Deny}", "mutually exclusive")]
    [InlineData("validationActions: [Deny]\nparamRef: {name: x}", "parameterNotFoundAction: Required value")]
    public void An_invalid_binding_is_rejected(string spec, string expected)
    {
        var set = VapLoader.FromText(Policy(PodsRule + "\nvalidations:\n- expression: 'true'") + "\n---\n" + Binding(spec));
        Assert.Contains(set.Errors, e => e.Message.Contains(expected));
        Assert.Empty(set.Bindings);
    }

    [Theory]
    [InlineData("validations: []", "validations or auditAnnotations must contain at least one item")]
    [InlineData("failurePolicy: Maybe\nvalidations:\n- expression: 'true'", "spec.failurePolicy: Unsupported value")]
    [InlineData("validations:\n- expression: 'true'\n  reason: Teapot", "reason: Unsupported value")]
    [InlineData("variables:\n- name: not-an-ident\n  expression: '1'\nvalidations:\n- expression: 'true'", "not a valid CEL identifier")]
    public void An_invalid_policy_is_rejected(string spec, string expected)
    {
        var set = VapLoader.FromText(Policy(PodsRule + "\n" + spec));
        Assert.Contains(set.Errors, e => e.Message.Contains(expected));
        Assert.Empty(set.Policies);
    }

    [Fact]
    public void A_policy_without_match_constraints_is_rejected()
    {
        var set = VapLoader.FromText(Policy("validations:\n- expression: 'true'"));
        Assert.Contains(set.Errors, e => e.Message.Contains("matchConstraints: Required value"));
    }

    [Fact]
    public void A_binding_of_an_unknown_policy_is_an_error()
    {
        var set = VapLoader.FromText(Binding(policy: "missing"));
        Assert.Contains(set.Errors, e => e.Message.Contains("binds policy \"missing\""));
    }

    [Fact]
    public void The_v1beta1_and_v1alpha1_versions_are_read()
    {
        var beta = Policy(PodsRule + "\nvalidations:\n- expression: 'true'").Replace("/v1\n", "/v1beta1\n");
        var alpha = Binding().Replace("/v1\n", "/v1alpha1\n");
        var set = Load(beta, alpha);
        Assert.Single(set.Policies);
        Assert.Single(set.Bindings);
    }
}
