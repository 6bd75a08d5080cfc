using System.Globalization;
using System.Text.RegularExpressions;
using Stockade.Cel;
using Stockade.Cel.Runtime;
using Stockade.Cel.Values;

namespace Stockade.Tests.Cel.Kubernetes;

/// <summary>
/// One case of an upstream table test, as data: the expression and what upstream expects, written
/// <c>true</c>/<c>false</c>, <c>int:N</c>, <c>double:X</c> (or <c>double:X~TOLERANCE</c>), <c>string:S</c>,
/// <c>none</c> (optional.none), <c>cel:EXPR</c> (equal to that expression's value), or
/// <c>error:REGEX</c> (an evaluation error whose message matches; upstream's compile-time "found
/// no matching overload" is a runtime "no such overload" here, there being no type checker).
/// </summary>
internal static class UpstreamCase
{
    public static object Eval(string expr, IReadOnlyDictionary<string, object>? vars = null) =>
        CelProgram.Compile(expr).Evaluate(vars ?? new Dictionary<string, object>());

    public static void Check(string expr, string expect, IReadOnlyDictionary<string, object>? vars = null)
    {
        if (expect.StartsWith("error:", StringComparison.Ordinal))
        {
            var e = Assert.ThrowsAny<CelEvalException>(() => Eval(expr, vars));
            Assert.Matches(new Regex(expect["error:".Length..]), e.Message);
            return;
        }
        var actual = Eval(expr, vars);
        switch (expect)
        {
            case "true" or "false":
                Assert.Equal(expect == "true", Assert.IsType<bool>(actual));
                return;
            case "none":
                Assert.False(Assert.IsType<CelOptional>(actual).HasValue);
                return;
        }
        var (kind, text) = (expect[..expect.IndexOf(':')], expect[(expect.IndexOf(':') + 1)..]);
        switch (kind)
        {
            case "int": Assert.Equal(long.Parse(text, CultureInfo.InvariantCulture), Assert.IsType<long>(actual)); break;
            case "string": Assert.Equal(text, Assert.IsType<string>(actual)); break;
            case "double":
                var parts = text.Split('~');
                var want = double.Parse(parts[0], CultureInfo.InvariantCulture);
                var tolerance = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
                Assert.InRange(Assert.IsType<double>(actual), want - tolerance, want + tolerance);
                break;
            case "cel":
                var expected = Eval(text, vars);
                Assert.True(Ops.Equal(actual, expected), $"{expr} gave {actual}, expected {expected}");
                break;
            default: throw new ArgumentException($"unknown expectation '{expect}'");
        }
    }
}
