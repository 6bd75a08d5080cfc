namespace Stockade.Tests.Cel.Kubernetes;

/// <summary>
/// TestQuantity of kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/cel/library/quantity_test.go
/// (commit 0625d6cfa2c159fdf3e99d5c96e4a89c4a3256ce), every case; plus the "quantity" case of
/// apiextensions-apiserver's TestValidationExpressions.
/// </summary>
public sealed class QuantityLibraryTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "parse", "quantity(\"12Mi\") == quantity(\"12582912\")", "true" },
        { "parseInvalidSuffix", "quantity(\"10Mo\")", "error:quantities must match the regular expression.*" },
        { "parseInvalidSuffixPassesRegex", "quantity(\"10Mm\")", "error:unable to parse quantity's suffix" },
        { "isQuantity", "isQuantity(\"20\")", "true" },
        { "isQuantity_megabytes", "isQuantity(\"20M\")", "true" },
        { "isQuantity_mebibytes", "isQuantity(\"20Mi\")", "true" },
        { "isQuantity_invalidSuffix", "isQuantity(\"20Mo\")", "false" },
        { "isQuantity_passingRegex", "isQuantity(\"10Mm\")", "false" },
        { "isQuantity_noOverload", "isQuantity([1, 2, 3])", "error:no such overload: isQuantity" },
        { "equality_reflexivity", "quantity(\"200M\") == quantity(\"200M\")", "true" },
        { "equality_symmetry", "quantity(\"200M\") == quantity(\"0.2G\") && quantity(\"0.2G\") == quantity(\"200M\")", "true" },
        { "equality_transitivity", "quantity(\"2M\") == quantity(\"0.002G\") && quantity(\"2000k\") == quantity(\"2M\") && quantity(\"0.002G\") == quantity(\"2000k\")", "true" },
        { "inequality", "quantity(\"200M\") == quantity(\"0.3G\")", "false" },
        { "quantity_less", "quantity(\"50M\").isLessThan(quantity(\"50Mi\"))", "true" },
        { "quantity_less_obvious", "quantity(\"50M\").isLessThan(quantity(\"100M\"))", "true" },
        { "quantity_less_false", "quantity(\"100M\").isLessThan(quantity(\"50M\"))", "false" },
        { "quantity_greater", "quantity(\"50Mi\").isGreaterThan(quantity(\"50M\"))", "true" },
        { "quantity_greater_obvious", "quantity(\"150Mi\").isGreaterThan(quantity(\"100Mi\"))", "true" },
        { "quantity_greater_false", "quantity(\"50M\").isGreaterThan(quantity(\"100M\"))", "false" },
        { "compare_equal", "quantity(\"200M\").compareTo(quantity(\"0.2G\"))", "int:0" },
        { "compare_less", "quantity(\"50M\").compareTo(quantity(\"50Mi\"))", "int:-1" },
        { "compare_greater", "quantity(\"50Mi\").compareTo(quantity(\"50M\"))", "int:1" },
        { "add_quantity", "quantity(\"50k\").add(quantity(\"20\")) == quantity(\"50.02k\")", "true" },
        { "add_int", "quantity(\"50k\").add(20).isLessThan(quantity(\"50020\"))", "false" },
        { "sub_quantity", "quantity(\"50k\").sub(quantity(\"20\")) == quantity(\"49.98k\")", "true" },
        { "sub_int", "quantity(\"50k\").sub(20) == quantity(\"49980\")", "true" },
        { "multiply", "quantity(\"50k\").mul(2) == quantity(\"100000\")", "true" },
        { "divide_float_result", "quantity(\"10000\").div(3).asApproximateFloat()", "double:3333.3333~0.0001" },
        { "divide_scaled", "quantity(\"10k\").div(2) == quantity(\"5000\")", "true" },
        { "integer_division", "quantity(\"10000\").divInt(3) == quantity(\"3333\")", "true" },
        { "arith_chain_1", "quantity(\"50k\").add(20).sub(quantity(\"100k\")).asInteger()", "int:-49980" },
        { "arith_chain", "quantity(\"50k\").add(20).sub(quantity(\"100k\")).sub(-50000).asInteger()", "int:20" },
        { "as_integer", "quantity(\"50k\").asInteger()", "int:50000" },
        { "as_integer_error", "quantity(\"9999999999999999999999999999999999999G\").asInteger()", "error:cannot convert value to integer" },
        { "is_integer (too big)", "quantity(\"9999999999999999999999999999999999999G\").isInteger()", "false" },
        { "is_integer", "quantity(\"50\").isInteger()", "true" },
        { "as_float", "quantity(\"50.703k\").asApproximateFloat()", "double:50703" },
        // apiextensions-apiserver pkg/apiserver/schema/cel/validation_test.go, case "quantity" (val1 "20", val2 "200M").
        { "crd: isQuantity(val2)", "isQuantity(\"200M\")", "true" },
        { "crd: lessThan", "quantity(\"20\").isLessThan(quantity(\"100M\"))", "true" },
        { "crd: greaterThan", "quantity(\"200M\").isGreaterThan(quantity(\"50M\"))", "true" },
        { "crd: add", "quantity(\"50k\").add(quantity(\"20\")) == quantity(\"50.02k\")", "true" },
        { "crd: sub", "quantity(\"50k\").sub(quantity(\"20\")) == quantity(\"49980\")", "true" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Upstream_quantity_case(string name, string expr, string expect)
    {
        _ = name;
        UpstreamCase.Check(expr, expect);
    }

    [Theory]
    [InlineData("quantity(\"1n\").isGreaterThan(quantity(\"0\"))", "true")]
    [InlineData("quantity(\"0.1n\") == quantity(\"1n\")", "true")] // below 1n rounds up, as ParseQuantity
    [InlineData("quantity(\"-0.1n\") == quantity(\"-1n\")", "true")]
    [InlineData("quantity(\"1e3\") == quantity(\"1k\")", "true")]
    [InlineData("quantity(\"1.5Gi\").asInteger()", "int:1610612736")]
    [InlineData("quantity(\"100m\").isInteger()", "false")]
    [InlineData("quantity(\"-5\").sign()", "int:-1")]
    [InlineData("quantity(\"0\").sign()", "int:0")]
    [InlineData("quantity(\"16Ei\").asInteger()", "int:9223372036854775807")] // binary SI is capped at the largest int64
    [InlineData("quantity(\"Mi\")", "error:quantities must match the regular expression")]
    [InlineData("quantity(\"200K\")", "error:unable to parse quantity's suffix")]
    [InlineData("quantity(\"1,3G\")", "error:quantities must match")]
    [InlineData("quantity(\"1\").div(0)", "error:division by zero error")]
    [InlineData("quantity(\"1\").div(1, 11)", "error:the valid range for roundVal is 0 to 10 but 11 was passed")]
    [InlineData("type(quantity(\"1\")) == kubernetes.Quantity", "true")]
    [InlineData("quantity(\"1\").isLessThan(semver(\"1.0.0\"))", "error:no such overload: isLessThan\\(kubernetes.Quantity, kubernetes.Semver\\)")]
    public void Quantity_follows_resource_ParseQuantity(string expr, string expect) => UpstreamCase.Check(expr, expect);
}
