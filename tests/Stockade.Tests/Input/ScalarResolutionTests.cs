using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Tests.Input;

/// <summary>
/// Scalars resolve as goyaml v2 (resolve.go) resolves them, and the typed decode then follows
/// sigs.k8s.io/yaml's YAML→JSON conversion and Go's JSON decoder.
/// </summary>
public class ScalarResolutionTests
{
    private static YScalar Plain(string text) => ScalarResolver.Resolve(new SourcePosition(1, 1), text, "", plain: true);

    [Theory]
    [InlineData("yes")] [InlineData("Yes")] [InlineData("YES")] [InlineData("y")] [InlineData("Y")]
    [InlineData("on")] [InlineData("On")] [InlineData("ON")] [InlineData("true")] [InlineData("True")] [InlineData("TRUE")]
    public void Yaml_1_1_true_words_make_a_container_privileged(string word)
    {
        var result = InputKit.Scan(InputKit.PodWithSecurityContext($"privileged: {word}"));
        Assert.Empty(result.Errors);
        var finding = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal("spec.containers[0].securityContext.privileged", finding.Path);
        Assert.Equal(Verdict.Fail, Assert.Single(result.Objects).Verdict);
    }

    [Theory]
    [InlineData("no")] [InlineData("No")] [InlineData("NO")] [InlineData("n")] [InlineData("N")]
    [InlineData("off")] [InlineData("Off")] [InlineData("OFF")] [InlineData("false")] [InlineData("False")] [InlineData("FALSE")]
    public void Yaml_1_1_false_words_are_false(string word)
    {
        var scalar = Plain(word);
        Assert.Equal(ScalarKind.Bool, scalar.Kind);
        Assert.False(scalar.BoolValue);
        var result = InputKit.Scan(InputKit.PodWithSecurityContext($"privileged: {word}"));
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings("privileged-container"));
    }

    [Theory]
    [InlineData("tRUE")] [InlineData("yEs")] [InlineData("oN")] [InlineData("t")] [InlineData("1")]
    public void Words_goyaml_v2_does_not_know_are_not_booleans(string word)
    {
        Assert.NotEqual(ScalarKind.Bool, Plain(word).Kind);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("'yes'")]
    [InlineData("!!str true")]
    [InlineData("\"on\"")]
    [InlineData("1")]
    public void A_string_or_number_in_a_bool_field_is_an_error_never_a_safe_default(string value)
    {
        var result = InputKit.Scan(InputKit.PodWithSecurityContext($"privileged: {value}"));
        var error = Assert.Single(result.Errors);
        Assert.Contains("spec.containers[0].securityContext.privileged", error.Message);
        Assert.Contains("expected a boolean", error.Message);
        Assert.Equal((10, 19), (error.Line, error.Column));
        Assert.Equal(Verdict.Fail, Assert.Single(result.Objects).Verdict);
        Assert.Equal(RunOutcome.Incomplete, result.Outcome);
    }

    [Theory]
    [InlineData("0")] [InlineData("0x0")] [InlineData("0X0")] [InlineData("0o0")] [InlineData("00")] [InlineData("-0")]
    [InlineData("+0")] [InlineData("0b0")] [InlineData("0_0")] [InlineData("!!int \"0\"")] [InlineData("0.0")] [InlineData("-0.0")]
    [InlineData("0e5")]
    public void Every_spelling_of_zero_is_uid_0(string value)
    {
        var container = InputKit.FirstContainer(InputKit.PodWithSecurityContext($"runAsUser: {value}"));
        Assert.True(container.SecurityContext!.RunAsUser.Is(0), container.SecurityContext.RunAsUser.ToString());
    }

    [Theory]
    [InlineData("0777", 511)]
    [InlineData("0o777", 511)]
    [InlineData("0x1F", 31)]
    [InlineData("0b101", 5)]
    [InlineData("-0b101", -5)]
    [InlineData("1_000", 1000)]
    [InlineData("+1000", 1000)]
    [InlineData("1e3", 1000)]
    [InlineData("1000.0", 1000)]
    [InlineData("1.0e+3", 1000)]
    [InlineData("09", 9)]          // not octal: Go's ParseInt fails, goyaml's float regex reads 9
    [InlineData("!!float 1000", 1000)]
    [InlineData("-9223372036854775808.0", long.MinValue)]
    public void Integer_spellings_resolve_as_goyaml_v2_and_json_decode_them(string value, long expected)
    {
        var container = InputKit.FirstContainer(InputKit.PodWithSecurityContext($"runAsUser: {value}"));
        Assert.True(container.SecurityContext!.RunAsUser.Is(expected), container.SecurityContext.RunAsUser.ToString());
    }

    [Theory]
    [InlineData("1.5", "number 1.5")]
    [InlineData("abc", "string \"abc\"")]
    [InlineData("\"1000\"", "string \"1000\"")]
    [InlineData("true", "boolean true")]
    [InlineData("1e21", "number 1e21")]                     // printed as 1e+21 by Go's JSON encoder: not an integer
    [InlineData("9223372036854775808", "integer")]           // a uint64 to goyaml, too big for int64
    [InlineData("99999999999999999999", "number")]          // beyond uint64: a float64 to goyaml
    [InlineData(".inf", "number .inf")]
    [InlineData("9223372036854775808.0", "number")]        // Go prints 9223372036854775808: int64 overflow
    [InlineData("[0]", "a list")]
    public void Values_that_are_not_an_int64_are_decode_errors(string value, string described)
    {
        var result = InputKit.Scan(InputKit.PodWithSecurityContext($"runAsUser: {value}"));
        var error = Assert.Single(result.Errors);
        Assert.Contains("securityContext.runAsUser: expected a 64-bit integer", error.Message);
        Assert.Contains(described, error.Message);
        Assert.Equal(10, error.Line);
    }

    [Theory]
    [InlineData("2147483647", true)]
    [InlineData("-2147483648", true)]
    [InlineData("2147483648", false)]
    [InlineData("0x80000000", false)]
    public void HostPort_is_an_int32(string value, bool accepted)
    {
        var yaml = TestScan.Pod($"""
            containers:
            - name: app
              image: nginx
              ports:
              - containerPort: 80
                hostPort: {value}
            """);
        var result = InputKit.Scan(yaml);
        if (accepted)
        {
            Assert.Empty(result.Errors);
        }
        else
        {
            var error = Assert.Single(result.Errors);
            Assert.Contains("spec.containers[0].ports[0].hostPort: expected a 32-bit integer", error.Message);
        }
    }

    [Theory]
    [InlineData("!!bool \"yes\"")]
    [InlineData("!!bool yes")]
    [InlineData("!!bool 'on'")]
    public void An_explicit_bool_tag_resolves_a_quoted_yaml_1_1_word(string value)
    {
        var result = InputKit.Scan(InputKit.PodWithSecurityContext($"privileged: {value}"));
        Assert.Empty(result.Errors);
        Assert.Single(result.Findings("privileged-container"));
    }

    [Theory]
    [InlineData("runAsUser: !!int abc", "cannot decode !!str `abc` as a !!int")]
    [InlineData("privileged: !!bool 1", "cannot decode !!int `1` as a !!bool")]
    [InlineData("runAsUser: !!int 1.5", "cannot decode !!float `1.5` as a !!int")]
    [InlineData("runAsUser: !!null 0", "cannot decode !!int `0` as a !!null")]
    public void A_tag_the_value_cannot_satisfy_is_a_document_error_at_the_value(string line, string message)
    {
        var result = InputKit.Scan(InputKit.PodWithSecurityContext(line));
        var error = Assert.Single(result.Errors);
        Assert.Equal(message, error.Message);
        Assert.Equal(10, error.Line);
        Assert.Equal(line.IndexOf('!') + 7, error.Column);
        Assert.Empty(result.Objects);
    }

    [Theory]
    [InlineData("privileged: null")]
    [InlineData("privileged: ~")]
    [InlineData("privileged:")]
    [InlineData("privileged: Null")]
    [InlineData("privileged: NULL")]
    [InlineData("privileged: !!null ''")]
    public void Null_spellings_leave_the_field_unset(string line)
    {
        var container = InputKit.FirstContainer(InputKit.PodWithSecurityContext(line + "\nrunAsUser: ~"));
        Assert.False(container.SecurityContext!.Privileged.IsSet);
        Assert.False(container.SecurityContext.RunAsUser.IsSet);
    }

    [Theory]
    [InlineData("image: 1.10", "number 1.10")]
    [InlineData("image: 123", "integer 123")]
    [InlineData("image: yes", "boolean yes")]
    public void A_number_or_bool_in_a_string_field_is_an_error_as_the_api_server_sees_it(string line, string described)
    {
        var result = InputKit.Scan(TestScan.Pod($"containers:\n- name: app\n  {line}"));
        var error = Assert.Single(result.Errors);
        Assert.Contains("spec.containers[0].image: expected a string", error.Message);
        Assert.Contains(described, error.Message);
    }

    [Theory]
    [InlineData("2001-12-14")]
    [InlineData("!!timestamp 2001-12-14")]
    [InlineData("!!timestamp 2001-12-14T21:59:43.10-05:00")]
    [InlineData("!!timestamp 2001-1-2 3:4:5")]
    [InlineData("!foo 123")]
    [InlineData("! 123")]
    public void Timestamps_and_unknown_tags_stay_strings(string value)
    {
        var root = InputKit.Root($"k: {value}");
        Assert.Equal(ScalarKind.String, InputKit.Scalar(root, "k").Kind);
    }

    [Theory]
    [InlineData("2001-xx")]
    [InlineData("2001-02-30")]
    [InlineData("2001-13-01")]
    [InlineData("2001-12-14T25:00:00Z")]
    [InlineData("2001-12-14T10:00:00")]
    public void A_timestamp_tag_on_a_value_that_is_no_timestamp_is_an_error(string value)
    {
        var doc = InputKit.Parse("k: !!timestamp " + value);
        Assert.NotNull(doc.Error);
        Assert.Contains("as a !!timestamp", doc.Error!.Value.Message);
    }

    [Fact]
    public void A_binary_tag_decodes_base64_as_goyaml_does()
    {
        var root = InputKit.Root("k: !!binary aGVsbG8=\nbad: 1");
        Assert.Equal("hello", InputKit.Scalar(root, "k").Text);
        var doc = InputKit.Parse("k: !!binary '%%%'");
        Assert.Equal("!!binary value contains invalid base64 data", doc.Error!.Value.Message);
    }

    [Theory]
    [InlineData(".5", nameof(ScalarKind.Float))]
    [InlineData("-.5", nameof(ScalarKind.Float))]
    [InlineData("1.", nameof(ScalarKind.Float))]
    [InlineData(".NaN", nameof(ScalarKind.Float))]
    [InlineData("-.Inf", nameof(ScalarKind.Float))]
    [InlineData("0x", nameof(ScalarKind.String))]
    [InlineData("1_", nameof(ScalarKind.Int))]        // underscores are removed before Go parses
    [InlineData("1:20", nameof(ScalarKind.String))]   // no base-60 in goyaml
    [InlineData("0x1p3", nameof(ScalarKind.String))]  // Go hex floats fail goyaml's float regex
    [InlineData("1e400", nameof(ScalarKind.String))]  // out of float64 range: Go errs, the scalar stays a string
    [InlineData("<<", nameof(ScalarKind.String))]
    public void Plain_scalars_resolve_to_goyaml_v2_kinds(string text, string kind)
    {
        // The kind by name: xUnit's test methods are public, ScalarKind is the engine's own.
        Assert.Equal(Enum.Parse<ScalarKind>(kind), Plain(text).Kind);
    }

    [Fact]
    public void Quoted_and_block_scalars_are_always_strings()
    {
        var root = InputKit.Root("a: 'true'\nb: \"0\"\nc: |\n  yes\nd: >-\n  123\n");
        foreach (var key in new[] { "a", "b", "c", "d" }) Assert.Equal(ScalarKind.String, InputKit.Scalar(root, key).Kind);
        Assert.Equal("123", InputKit.Scalar(root, "d").Text);
    }
}
