using Stockade.Engine;
using Stockade.PodSecurity;
using static Stockade.PodSecurity.PodSecurityLevel;

namespace Stockade.Tests.PodSecurity.Upstream;

/// <summary>
/// The upstream tests that are not a table of one check, hand-ported: registry_test.go (which
/// variants a level and version select, with overrides), checks_test.go (the registered checks
/// are consistent) and the version part of TestHostProbesAndHostLifecycleEmulation.
/// </summary>
public class UpstreamRegistryTests
{
    /// <summary>Upstream tests ported here by hand, and the emulation cases Stockade has no counterpart for.</summary>
    private static readonly HashSet<string> HandPorted = new(StringComparer.Ordinal)
    {
        "TestCheckRegistry", "TestCheckRegistry_NoBaseline", "TestCheckRegistry_NoRestricted", "TestCheckRegistry_Empty",
        "TestValidChecks", "TestHostProbesAndHostLifecycleEmulation",
    };

    [Fact]
    public void Every_upstream_test_function_is_ported()
    {
        var functions = UpstreamCheckTableTests.Functions.Value;
        var unported = functions.Where(f => f.Table == null && !HandPorted.Contains(f.Name)).Select(f => $"{f.File} {f.Name}");
        Assert.Empty(unported);
        Assert.Empty(HandPorted.Except(functions.Select(f => f.Name)));
    }

    /// <summary>generateCheck: a control whose variant at each version answers <c>id:version</c>.</summary>
    private sealed class Generated(string id, PodSecurityLevel level, string[] versions, PodSecurityVersion at, params string[][] overrides) : PodSecurityControl(at)
    {
        public override RuleMetadata Metadata { get; } = new()
        {
            Id = "generated-" + id, Title = id, Severity = Severity.High, Category = "test", Rationale = id, Remediation = id, RemediationYaml = "",
        };

        public override string ControlId => id;

        public override PodSecurityLevel Level => level;

        public override IReadOnlyList<VersionedCheck> Versions { get; } = versions.Select((v, i) => new VersionedCheck(
            Parse(v), $"{id}:{v}", _ => null, overrides.Length == 0 ? null : overrides.Length == 1 ? overrides[0] : overrides[i])).ToList();
    }

    private static PodSecurityVersion Parse(string version) =>
        PodSecurityVersion.TryParse(version, out var v) ? v : throw new ArgumentException(version);

    /// <summary>The level a theory names (by name: xUnit's test methods are public, the level enum is the engine's own); null for privileged.</summary>
    private static PodSecurityLevel? Level(string? name) => name == null ? null : Enum.Parse<PodSecurityLevel>(name);

    /// <summary>What the registry evaluates, as upstream's test reads it: each selected check's <c>id:version</c>, by id.</summary>
    private static List<string>? Evaluate(Func<PodSecurityVersion, IEnumerable<PodSecurityControl>> checks, PodSecurityLevel? level, string version)
    {
        if (level is not { } l) return null; // privileged evaluates nothing
        var selected = PodSecurityControls.Select(checks(Parse(version)), l).OrderBy(c => c.ControlId, StringComparer.Ordinal).Select(c => c.Current!.Upstream).ToList();
        return selected.Count == 0 ? null : selected;
    }

    private static IEnumerable<PodSecurityControl> BaselineChecks(PodSecurityVersion at) =>
    [
        new Generated("a", Baseline, ["v1.0"], at),
        new Generated("b", Baseline, ["v1.10"], at),
        new Generated("c", Baseline, ["v1.0", "v1.5", "v1.10"], at),
        new Generated("d", Baseline, ["v1.11", "v1.15", "v1.20"], at),
    ];

    private static IEnumerable<PodSecurityControl> RestrictedChecks(PodSecurityVersion at) =>
    [
        new Generated("e", Restricted, ["v1.0"], at),
        new Generated("f", Restricted, ["v1.12", "v1.16", "v1.21"], at),
        new Generated("g", Restricted, ["v1.10"], at, ["a"]),
        new Generated("h", Restricted, ["v1.0"], at, ["b"]),
    ];

    private static IEnumerable<PodSecurityControl> AllChecks(PodSecurityVersion at) =>
        [.. BaselineChecks(at), .. RestrictedChecks(at), new Generated("i", Restricted, ["v1.10", "v1.21"], at, ["c"], ["d"])];

    [Theory]
    [InlineData(null, "v1.0", null)]
    [InlineData(null, "latest", null)]
    [InlineData(nameof(Baseline), "v1.0", "a:v1.0 c:v1.0")]
    [InlineData(nameof(Baseline), "v1.4", "a:v1.0 c:v1.0")]
    [InlineData(nameof(Baseline), "v1.5", "a:v1.0 c:v1.5")]
    [InlineData(nameof(Baseline), "v1.10", "a:v1.0 b:v1.10 c:v1.10")]
    [InlineData(nameof(Baseline), "v1.11", "a:v1.0 b:v1.10 c:v1.10 d:v1.11")]
    [InlineData(nameof(Baseline), "latest", "a:v1.0 b:v1.10 c:v1.10 d:v1.20")]
    [InlineData(nameof(Restricted), "v1.0", "a:v1.0 c:v1.0 e:v1.0 h:v1.0")]
    [InlineData(nameof(Restricted), "v1.4", "a:v1.0 c:v1.0 e:v1.0 h:v1.0")]
    [InlineData(nameof(Restricted), "v1.5", "a:v1.0 c:v1.5 e:v1.0 h:v1.0")]
    [InlineData(nameof(Restricted), "v1.10", "e:v1.0 g:v1.10 h:v1.0 i:v1.10")]
    [InlineData(nameof(Restricted), "v1.11", "d:v1.11 e:v1.0 g:v1.10 h:v1.0 i:v1.10")]
    [InlineData(nameof(Restricted), "latest", "c:v1.10 e:v1.0 f:v1.21 g:v1.10 h:v1.0 i:v1.21")]
    [InlineData(nameof(Restricted), "v1.10000", "c:v1.10 e:v1.0 f:v1.21 g:v1.10 h:v1.0 i:v1.21")]
    public void Registry_selects_the_newest_variant_minus_overrides(string? level, string version, string? expected) =>
        Assert.Equal(expected?.Split(' ').ToList(), Evaluate(AllChecks, Level(level), version));

    [Theory]
    [InlineData(null, "v1.0", null)]
    [InlineData(null, "latest", null)]
    [InlineData(nameof(Baseline), "v1.0", null)]
    [InlineData(nameof(Baseline), "v1.10", null)]
    [InlineData(nameof(Baseline), "latest", null)]
    [InlineData(nameof(Restricted), "v1.0", "e:v1.0 h:v1.0")]
    [InlineData(nameof(Restricted), "v1.10", "e:v1.0 g:v1.10 h:v1.0")]
    [InlineData(nameof(Restricted), "latest", "e:v1.0 f:v1.21 g:v1.10 h:v1.0")]
    [InlineData(nameof(Restricted), "v1.10000", "e:v1.0 f:v1.21 g:v1.10 h:v1.0")]
    public void Registry_without_baseline_checks_overrides_nothing_missing(string? level, string version, string? expected) =>
        Assert.Equal(expected?.Split(' ').ToList(), Evaluate(RestrictedChecks, Level(level), version));

    [Theory]
    [InlineData("v1.0", "a:v1.0 c:v1.0")]
    [InlineData("v1.4", "a:v1.0 c:v1.0")]
    [InlineData("v1.5", "a:v1.0 c:v1.5")]
    [InlineData("v1.10", "a:v1.0 b:v1.10 c:v1.10")]
    [InlineData("v1.11", "a:v1.0 b:v1.10 c:v1.10 d:v1.11")]
    [InlineData("latest", "a:v1.0 b:v1.10 c:v1.10 d:v1.20")]
    public void Registry_without_restricted_checks_gives_restricted_the_baseline_result(string version, string expected)
    {
        Assert.Equal(expected.Split(' ').ToList(), Evaluate(BaselineChecks, PodSecurityLevel.Baseline, version));
        Assert.Equal(expected.Split(' ').ToList(), Evaluate(BaselineChecks, PodSecurityLevel.Restricted, version));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(nameof(Baseline))]
    [InlineData(nameof(Restricted))]
    public void Empty_registry_evaluates_nothing(string? level) =>
        Assert.Null(Evaluate(_ => [], Level(level), "latest"));

    [Fact]
    public void Registered_controls_are_consistent()
    {
        var all = PodSecurityControls.At(PodSecurityVersion.Latest);
        var ids = all.Select(c => c.ControlId).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var control in all)
        {
            Assert.NotEmpty(control.Versions);
            var minors = control.Versions.Select(v => v.MinimumVersion.Minor).ToList();
            Assert.True(minors.SequenceEqual(minors.Order().Distinct()), $"{control.ControlId}: versions not strictly ascending");
            foreach (var v in control.Versions)
            {
                Assert.False(v.MinimumVersion.IsLatest, $"{control.ControlId}: a variant's minimum version is a real version");
                // Only restricted controls override, and only controls that exist.
                foreach (var overridden in v.Overrides ?? [])
                {
                    Assert.Equal(PodSecurityLevel.Restricted, control.Level);
                    Assert.Contains(overridden, ids);
                }
            }
        }
    }

    [Theory]
    [InlineData("latest", false)]
    [InlineData("v1.34", false)]
    [InlineData("v1.33", true)]
    public void Probe_hosts_are_checked_from_v1_34_as_without_emulation(string version, bool allowed)
    {
        // Upstream's emulation cases (an API server emulating 1.33 caps "latest" at v1.33) have no
        // Stockade counterpart: a scan names its policy version directly.
        var yaml = TestScan.Pod("""
            containers:
            - startupProbe:
                httpGet:
                  host: localhost
            """);
        var findings = TestScan.Yaml(yaml, PodSecurityProfiles.Create(PodSecurityLevel.Baseline, Parse(version))).Findings.Where(f => f.Control != null).ToList();
        Assert.Equal(allowed, findings.Count == 0);
    }

    [Fact]
    public void Windows_host_process_is_checked_at_every_level_and_version()
    {
        foreach (var level in new[] { Baseline, Restricted })
        {
            foreach (var version in Enumerable.Range(0, 40).Select(PodSecurityVersion.V1).Append(PodSecurityVersion.Latest))
            {
                Assert.Contains(PodSecurityControls.For(level, version), c => c.ControlId == "windowsHostProcess");
            }
        }
    }
}
