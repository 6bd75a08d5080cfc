using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity;
using Stockade.PodSecurity.AdmissionPolicies;
using Stockade.Tests.Conformance;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>One upstream fixture at a level and version, with the built-in profile's verdict as PSA words it.</summary>
internal sealed record PsaCase(string Id, string File, bool ShouldPass, KubeObject Pod, string? Expected);

/// <summary>
/// The upstream Pod Security Admission fixtures (read from ../shared at test time), each with the
/// message the built-in profile gives (<see cref="PodSecurityMessage"/>, null when allowed), and the
/// generated policies for a level and version.
/// </summary>
internal static class AdmissionPolicyFixtures
{
    public static (PodSecurityLevel, PodSecurityVersion) Parse(string level, string version)
    {
        Assert.True(PodSecurityVersion.TryParse(version, out var v));
        return (level == "baseline" ? PodSecurityLevel.Baseline : PodSecurityLevel.Restricted, v);
    }

    public static string GeneratePolicies(string level, string version, bool workloads = false)
    {
        var (l, v) = Parse(level, version);
        return AdmissionPolicyYaml.Write(new AdmissionPolicyPlan { Level = l, Version = v, Workloads = workloads }, "test");
    }

    public static VapPolicySet Load(string yaml)
    {
        var set = VapLoader.FromText(yaml, "generated.yaml");
        Assert.Empty(set.Errors);
        return set;
    }

    public static List<PsaCase> Cases(string level, string version)
    {
        var profile = PodSecurityProfiles.Resolve($"{level}:{version}")!;
        var dir = Path.Combine(PodSecurityConformanceTests.FixtureRoot.Value, level, version);
        var files = Directory.GetFiles(Path.Combine(dir, "pass"), "*.yaml").Concat(Directory.GetFiles(Path.Combine(dir, "fail"), "*.yaml")).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var inputs = files.Select(f => new ScanInput(f, () => File.OpenRead(f))).ToList();
        var result = new Scanner(new ScanOptions { Profile = profile, Config = StockadeConfig.Default, MaxParallelism = 1, Today = new DateOnly(2026, 11, 24) }).Scan(inputs);
        Assert.Empty(result.Errors);
        var byFile = result.Findings.ToLookup(f => f.File);
        var pods = KubeObjects.Read(inputs, ParseLimits.Default).ToDictionary(o => o.File);
        return files.Select(f => new PsaCase(
            $"{level}/{version}/{Path.GetFileName(Path.GetDirectoryName(f))}/{Path.GetFileNameWithoutExtension(f)}",
            f,
            Path.GetFileName(Path.GetDirectoryName(f)) == "pass",
            pods[f],
            PodSecurityMessage.Render(profile.Name, byFile[f]))).ToList();
    }

    /// <summary>The fixture's pod as the pod template of a Deployment.</summary>
    public static KubeObject AsDeployment(PsaCase c)
    {
        var body = File.ReadAllLines(c.File).Where(l => !l.StartsWith("apiVersion:", StringComparison.Ordinal) && !l.StartsWith("kind:", StringComparison.Ordinal));
        var yaml = new StringBuilder("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: default\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n");
        foreach (var line in body) yaml.Append("    ").Append(line).Append('\n');
        return KubeObjects.Read([new ScanInput(c.File + "#deployment", () => new MemoryStream(Encoding.UTF8.GetBytes(yaml.ToString())))], ParseLimits.Default).Single();
    }

    /// <summary>The denial the generated policy must give: PSA's message, as PSA words it for pods or (would violate) for templates.</summary>
    public static string? ExpectedDetail(PsaCase c, bool workload) =>
        c.Expected == null ? null : (workload ? "would violate" : "pod violates") + c.Expected["violates".Length..];
}
