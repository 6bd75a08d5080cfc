using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.PodSecurity;
using Xunit.Abstractions;

namespace Stockade.Tests.Conformance;

/// <summary>
/// Every upstream Pod Security Admission fixture (shared/conformance/pod-security-admission):
/// pass cases must raise no Pod Security finding at their level and version; fail cases must be
/// denied by the control their file name names (or by the restricted control that replaces it).
/// </summary>
public class PodSecurityConformanceTests(ITestOutputHelper output)
{
    internal static readonly Lazy<string> FixtureRoot = new(FindFixtureRoot);

    private static string FindFixtureRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Stockade.sln"))) dir = dir.Parent;
        if (dir == null) throw new InvalidOperationException($"no Stockade.sln above {AppContext.BaseDirectory}");
        // ../shared beside the repository; a git worktree sits deeper, so look further up too.
        for (var up = dir.Parent; up != null; up = up.Parent)
        {
            var root = Path.Combine(up.FullName, "shared", "conformance", "pod-security-admission");
            if (Directory.Exists(root)) return root;
        }
        throw new DirectoryNotFoundException($"conformance fixtures missing: no shared/conformance/pod-security-admission above {dir.FullName}");
    }

    public static IEnumerable<object[]> LevelsAndVersions()
    {
        foreach (var level in new[] { "baseline", "restricted" })
        {
            var versions = Directory.GetDirectories(Path.Combine(FixtureRoot.Value, level)).Select(Path.GetFileName).ToList();
            if (versions.Count == 0) throw new InvalidOperationException($"no versions under {level}");
            foreach (var version in versions.OrderBy(v => int.Parse(v!.Split('.')[1]))) yield return [level, version!];
        }
    }

    [Fact]
    public void Fixtures_are_all_present()
    {
        var count = Directory.GetFiles(FixtureRoot.Value, "*.yaml", SearchOption.AllDirectories).Length;
        Assert.True(count > 4000, $"expected the ~4,500 upstream fixtures, found {count}");
        Assert.Equal(76, LevelsAndVersions().Count());
    }

    [Theory]
    [MemberData(nameof(LevelsAndVersions))]
    public void Every_fixture_agrees_with_pod_security_admission(string level, string version)
    {
        var profile = PodSecurityProfiles.Resolve($"{level}:{version}")!;
        var controls = profile.Rules.OfType<PodSecurityControl>().ToList();
        var dir = Path.Combine(FixtureRoot.Value, level, version);
        var files = Directory.GetFiles(Path.Combine(dir, "pass"), "*.yaml").Concat(Directory.GetFiles(Path.Combine(dir, "fail"), "*.yaml")).ToList();
        Assert.NotEmpty(files);

        var result = new Scanner(new ScanOptions { Profile = profile, Config = StockadeConfig.Default, MaxParallelism = 1, Today = new DateOnly(2026, 11, 24) })
            .Scan(files.Select(f => new ScanInput(f, () => File.OpenRead(f))));
        var byFile = result.Findings.ToLookup(f => f.File);

        var disagreements = new StringBuilder();
        foreach (var error in result.Errors) disagreements.AppendLine($"error {error.File}: {error.Message}");
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var outcome = Path.GetFileName(Path.GetDirectoryName(file))!;
            var findings = byFile[file].ToList();
            Assert.All(findings, f => Assert.NotNull(f.Control));
            if (outcome == "pass")
            {
                if (findings.Count > 0) disagreements.AppendLine($"{level}/{version}/pass/{name}: denied: {string.Join("; ", findings.Select(f => f.Message))}");
                continue;
            }
            var expected = ExpectedControl(name);
            var deniedBy = findings.Select(f => f.Control!).ToHashSet();
            var replacing = controls.Where(c => c.Current!.Overrides?.Contains(expected) == true).Select(c => c.ControlId);
            if (!deniedBy.Contains(expected) && !replacing.Any(deniedBy.Contains))
            {
                disagreements.AppendLine($"{level}/{version}/fail/{name}: expected {expected}, got [{string.Join(", ", deniedBy)}] {string.Join("; ", findings.Select(f => f.Message))}");
            }
        }
        output.WriteLine(disagreements.ToString());
        Assert.True(disagreements.Length == 0, disagreements.ToString());
    }

    /// <summary>Maps a fixture name (<c>capabilities_restricted2</c>) to the upstream control id.</summary>
    private static string ExpectedControl(string fixtureName)
    {
        var prefix = fixtureName.TrimEnd("0123456789".ToCharArray());
        var control = ControlIds.FirstOrDefault(id => id.Equals(prefix, StringComparison.OrdinalIgnoreCase));
        return control ?? throw new InvalidOperationException($"fixture {fixtureName} names no known control ({prefix})");
    }

    private static readonly IReadOnlyList<string> ControlIds =
        PodSecurityControls.At(PodSecurityVersion.Latest).Select(c => c.ControlId).ToList();
}
