using System.Text;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.Tests.Conformance;
using Stockade.Yaml;

namespace Stockade.Tests.PodSecurity.Upstream;

/// <summary>
/// Every table case of upstream's <c>policy/check_*_test.go</c> (shared/conformance/pod-security-admission/upstream-tests,
/// read as Go at test time, not copied), run through the Stockade variant that mirrors the Go
/// check function the case calls (<see cref="VersionedCheck.Upstream"/>), asserting what the Go test
/// asserts: allowed, and the exact ForbiddenReason and ForbiddenDetail.
/// </summary>
public class UpstreamCheckTableTests
{
    internal static string TestsDirectory => Path.Combine(PodSecurityConformanceTests.FixtureRoot.Value, "upstream-tests");

    internal static readonly Lazy<List<GoTestFunction>> Functions = new(() =>
        Directory.GetFiles(TestsDirectory, "*_test.go").Order(StringComparer.Ordinal).SelectMany(GoTestFile.Read).ToList());

    /// <summary>
    /// Where Stockade's input differs from the Go struct a case builds, and why. A Go unit test
    /// calls the check on a struct the API server never produced; Stockade checks what it stores.
    /// Each entry edits upstream's expected detail, so the rest of the expectation stays upstream's.
    /// </summary>
    private static readonly Dictionary<(string Test, string Case), (string Why, (string Find, string Replace)[] Edits)> Deviations = new()
    {
        [("TestRestrictedVolumes", "host path volumes")] = (
            "volume c1 sets no source: the API server defaults it to emptyDir before admission, so it is allowed, not \"unknown\"",
            [(", \"c1\"", ""), ("\"unknown\", ", "")]),
    };

    public static IEnumerable<object[]> Cases()
    {
        foreach (var function in Functions.Value)
        {
            if (function.Table is not { } table) continue;
            foreach (var testCase in table.Cases)
            {
                var name = GoPod.Text(testCase, "name", table.Locals);
                if (table.HostUsersLoop is { } loop)
                {
                    foreach (var hostUsers in loop) yield return [function.File, function.Name, name, hostUsers ? "true" : "false"];
                }
                else
                {
                    yield return [function.File, function.Name, name, ""];
                }
            }
        }
    }

    [Fact]
    public void Every_upstream_test_file_has_cases_here()
    {
        var files = Directory.GetFiles(TestsDirectory, "check_*_test.go").Select(Path.GetFileName).ToHashSet();
        var ported = Cases().Select(c => (string)c[0]).ToHashSet();
        Assert.Equal(19, files.Count);
        Assert.Empty(files.Except(ported));
        Assert.True(Cases().Count() > 70, $"only {Cases().Count()} upstream cases found");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Upstream_case_gives_the_same_verdict_and_message(string file, string test, string caseName, string hostUsers)
    {
        var function = Functions.Value.Single(f => f.File == file && f.Name == test);
        var table = function.Table!;
        var testCase = table.Cases.Single(c => GoPod.Text(c, "name", table.Locals) == caseName);

        var expectReason = GoPod.Text(testCase, "expectReason", table.Locals);
        var expectDetail = GoPod.Text(testCase, "expectDetail", table.Locals);
        // The harnesses: an explicit allowed/expectAllowed, else allowed exactly when no reason is expected.
        var expectAllowed = GoPod.Bool(testCase, "allowed", table.Locals) ?? GoPod.Bool(testCase, "expectAllowed", table.Locals) ?? expectReason.Length == 0;
        if (Deviations.TryGetValue((test, caseName), out var deviation))
        {
            foreach (var (find, replace) in deviation.Edits)
            {
                Assert.Contains(find, expectDetail);
                expectDetail = expectDetail.Replace(find, replace, StringComparison.Ordinal);
            }
        }

        var json = GoPod.Of(testCase, table.Locals);
        if (hostUsers.Length > 0) json["spec"]!["hostUsers"] = hostUsers == "true";
        var pod = Decode(json.ToJsonString());

        var variants = PodSecurityControls.At(PodSecurityVersion.Latest)
            .SelectMany(c => c.Versions.Select(v => (c.ControlId, v)))
            .Where(x => x.v.Upstream == table.CheckFunction)
            .ToList();
        Assert.True(variants.Count > 0, $"no Stockade control variant mirrors upstream {table.CheckFunction} (VersionedCheck.Upstream)");
        foreach (var (controlId, variant) in variants)
        {
            var control = PodSecurityControls.At(variant.MinimumVersion).Single(c => c.ControlId == controlId);
            Assert.Equal(table.CheckFunction, control.Current!.Upstream);
            var verdict = control.Evaluate(pod);
            var at = $"{controlId} at {variant.MinimumVersion} ({table.CheckFunction}), pod {json.ToJsonString()}";
            Assert.True(expectAllowed == (verdict == null), $"{at}: expected allowed={expectAllowed}, got {verdict?.Message ?? "allowed"}");
            Assert.True(expectReason == (verdict?.Reason ?? ""), $"{at}: reason\n{expectReason}\ngot\n{verdict?.Reason}");
            Assert.True(expectDetail == (verdict?.Detail ?? ""), $"{at}: detail\n{expectDetail}\ngot\n{verdict?.Detail}");
        }
    }

    private static PodSubject Decode(string json)
    {
        var doc = JsonTreeBuilder.Parse(Encoding.UTF8.GetBytes(json), "upstream.json", ParseLimits.Default).Single();
        var obj = Assert.Single(ObjectReader.Read(doc, []));
        var pod = WorkloadLocator.Locate(obj);
        // Upstream calls each check on a bare pod spec, without the API server's validation: many
        // cases have no container, which the API server (and Stockade's reader) would refuse.
        var errors = obj.Decode.Errors.Where(e => !e.Message.Contains("a pod needs at least one container", StringComparison.Ordinal)).ToList();
        Assert.False(errors.Count > 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        return Assert.IsType<PodSubject>(pod);
    }
}
