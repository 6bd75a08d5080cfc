namespace Stockade.Tests.Cel.Kubernetes;

/// <summary>
/// TestSemver of kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/cel/library/semver_test.go
/// (commit 2293553202fa21e3918086dc66cb4154ac7caac9), every case (the normalize cases are upstream's
/// library version 1, which is what is served here).
/// </summary>
public sealed class SemverLibraryTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "parse", "semver(\"1.2.3\") == semver(\"1.2.3\") && semver(\"1.2.3\").patch() == 3", "true" },
        { "parseInvalidVersion", "semver(\"v1.0\")", "error:No Major.Minor.Patch elements found" },
        { "isSemver", "isSemver(\"1.2.3-beta.1+build.1\")", "true" },
        { "isSemver_empty_false", "isSemver(\"\")", "false" },
        { "isSemver_v_prefix_false", "isSemver(\"v1.0.0\")", "false" },
        { "isSemver_v_leading_whitespace_false", "isSemver(\" 1.0.0\")", "false" },
        { "isSemver_v_contains_whitespace_false", "isSemver(\"1. 0.0\")", "false" },
        { "isSemver_v_trailing_whitespace_false", "isSemver(\"1.0.0 \")", "false" },
        { "isSemver_leading_zeros_false", "isSemver(\"01.01.01\")", "false" },
        { "isSemver_major_only_false", "isSemver(\"1\")", "false" },
        { "isSemver_major_minor_only_false", "isSemver(\"1.1\")", "false" },
        { "isSemver_empty_normalize_false", "isSemver(\"\", true)", "false" },
        { "isSemver_v_leading_whitespace_normalize_false", "isSemver(\" 1.0.0\", true)", "false" },
        { "isSemver_v_contains_whitespace_normalize_false", "isSemver(\"1. 0.0\", true)", "false" },
        { "isSemver_v_trailing_whitespace_normalize_false", "isSemver(\"1.0.0 \", true)", "false" },
        { "isSemver_v_prefix_normalize_true", "isSemver(\"v1.0.0\", true)", "true" },
        { "isSemver_leading_zeros_normalize_true", "isSemver(\"01.01.01\", true)", "true" },
        { "isSemver_major_only_normalize_true", "isSemver(\"1\", true)", "true" },
        { "isSemver_major_minor_only_normalize_true", "isSemver(\"1.1\", true)", "true" },
        { "isSemver_noOverload", "isSemver([1, 2, 3])", "error:no such overload: isSemver" },
        { "equality_normalize", "semver(\"v01.01\", true) == semver(\"1.1.0\")", "true" },
        { "equality_reflexivity", "semver(\"1.2.3\") == semver(\"1.2.3\")", "true" },
        { "inequality", "semver(\"1.2.3\") == semver(\"1.0.0\")", "false" },
        { "semver_less", "semver(\"1.0.0\").isLessThan(semver(\"1.2.3\"))", "true" },
        { "semver_less_false", "semver(\"1.0.0\").isLessThan(semver(\"1.0.0\"))", "false" },
        { "semver_greater", "semver(\"1.2.3\").isGreaterThan(semver(\"1.0.0\"))", "true" },
        { "semver_greater_false", "semver(\"1.0.0\").isGreaterThan(semver(\"1.0.0\"))", "false" },
        { "compare_equal", "semver(\"1.2.3\").compareTo(semver(\"1.2.3\"))", "int:0" },
        { "compare_less", "semver(\"1.0.0\").compareTo(semver(\"1.2.3\"))", "int:-1" },
        { "compare_greater", "semver(\"1.2.3\").compareTo(semver(\"1.0.0\"))", "int:1" },
        { "major", "semver(\"1.2.3\").major()", "int:1" },
        { "minor", "semver(\"1.2.3\").minor()", "int:2" },
        { "patch", "semver(\"1.2.3\").patch()", "int:3" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Upstream_semver_case(string name, string expr, string expect)
    {
        _ = name;
        UpstreamCase.Check(expr, expect);
    }

    [Theory]
    [InlineData("semver(\"1.0.0-alpha\").isLessThan(semver(\"1.0.0\"))", "true")]
    [InlineData("semver(\"1.0.0-alpha.1\").isLessThan(semver(\"1.0.0-alpha.beta\"))", "true")] // numeric ranks below alphanumeric
    [InlineData("semver(\"1.0.0-2\").isLessThan(semver(\"1.0.0-10\"))", "true")]
    [InlineData("semver(\"1.0.0+a\") == semver(\"1.0.0+b\")", "true")] // build metadata does not order
    [InlineData("semver(\"01.0.0\")", "error:^Major number must not contain leading zeroes \"01\"$")]
    [InlineData("semver(\"1.x.0\")", "error:^Invalid character\\(s\\) found in minor number \"x\"$")]
    [InlineData("semver(\"1.1-rc\", true)", "error:short version cannot contain PreRelease/Build meta data")]
    [InlineData("type(semver(\"1.0.0\")) == kubernetes.Semver", "true")]
    public void Semver_follows_blang_semver(string expr, string expect) => UpstreamCase.Check(expr, expect);
}
