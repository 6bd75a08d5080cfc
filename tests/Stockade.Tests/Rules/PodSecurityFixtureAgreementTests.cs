namespace Stockade.Tests.Rules;

/// <summary>
/// The upstream Pod Security Admission fixtures of the latest version: every pod a control must
/// deny is reported by the matching hardened rule, and pods the baseline admits raise none of the
/// rules that are no stricter than baseline.
/// </summary>
public class PodSecurityFixtureAgreementTests
{
    private const string LatestVersion = "v1.37";

    public static TheoryData<string, string, string> FailCases()
    {
        var controls = new Dictionary<string, string[]>
        {
            ["allowprivilegeescalation"] = ["privilege-escalation-allowed"],
            ["hostnamespaces"] = ["host-network", "host-pid", "host-ipc"],
            ["hostpathvolumes"] = ["host-path-volume"],
            ["hostports"] = ["host-port"],
            ["procmount"] = ["unmasked-procmount"],
            ["procmount_restricted"] = ["unmasked-procmount"],
            ["sysctls"] = ["unsafe-sysctls"],
            ["capabilities_baseline"] = ["dangerous-capabilities", "capabilities-added"],
            ["capabilities_restricted"] = ["capabilities-drop-all", "capabilities-added", "dangerous-capabilities"],
        };
        var data = new TheoryData<string, string, string>();
        foreach (var level in (string[])["baseline", "restricted"])
        {
            foreach (var file in Directory.GetFiles(Path.Combine(FixtureRoot(), level, LatestVersion, "fail")).Order(StringComparer.Ordinal))
            {
                var control = Path.GetFileNameWithoutExtension(file).TrimEnd("0123456789".ToCharArray());
                if (controls.TryGetValue(control, out var rules)) data.Add(level, Path.GetFileName(file), string.Join(",", rules));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FailCases))]
    public void Denied_pods_are_reported(string level, string fixture, string rules)
    {
        var result = TestScan.Yaml(File.ReadAllText(Path.Combine(FixtureRoot(), level, LatestVersion, "fail", fixture)));
        Assert.Empty(result.Errors);
        Assert.Contains(result.Findings, f => rules.Split(',').Contains(f.Rule));
    }

    [Fact]
    public void Pods_admitted_by_baseline_raise_no_baseline_equivalent_rule()
    {
        string[] baselineEquivalent = ["host-network", "host-pid", "host-ipc", "host-port", "host-path-volume", "host-path-writable",
                                       "host-path-sensitive", "container-runtime-socket", "unsafe-sysctls"];
        var files = Directory.GetFiles(Path.Combine(FixtureRoot(), "baseline", LatestVersion, "pass"));
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var result = TestScan.Yaml(File.ReadAllText(file));
            Assert.Empty(result.Findings.Where(f => baselineEquivalent.Contains(f.Rule)).Select(f => $"{Path.GetFileName(file)}: {f.Rule}"));
        }
    }

    [Fact]
    public void Pods_admitted_by_restricted_raise_none_of_these_rules()
    {
        string[] rules = ["privilege-escalation-allowed", "host-network", "host-pid", "host-ipc", "host-port", "host-path-volume",
                          "host-path-writable", "host-path-sensitive", "container-runtime-socket", "capabilities-drop-all",
                          "net-raw-not-dropped", "dangerous-capabilities", "capabilities-added", "unmasked-procmount", "unsafe-sysctls"];
        var files = Directory.GetFiles(Path.Combine(FixtureRoot(), "restricted", LatestVersion, "pass"));
        Assert.NotEmpty(files);
        var raised = files
            .SelectMany(file => TestScan.Yaml(File.ReadAllText(file)).Findings
                .Where(f => rules.Contains(f.Rule))
                .Select(f => $"{Path.GetFileName(file)}: {f.Rule}"))
            .ToList();
        Assert.Empty(raised);
    }

    /// <summary>shared/conformance/pod-security-admission, found from the test binary up (../shared of the project root).</summary>
    private static string FixtureRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "pod-security-admission");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/conformance/pod-security-admission not found above " + AppContext.BaseDirectory);
    }
}
