using System.Text;
using Stockade.Tests.Conformance;
using Stockade.Vap;
using Xunit.Abstractions;
using static Stockade.Tests.PodSecurity.AdmissionPolicies.AdmissionPolicyFixtures;

namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>
/// The proof of <c>stockade generate admission-policies</c>: the generated policies, evaluated by
/// Stockade's VAP engine on every upstream fixture, give the built-in profile's verdict and PSA's
/// message word for word, at every level and version, on pods and on Deployment templates.
/// </summary>
public class AdmissionPolicyConformanceTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> LevelsAndVersions() => PodSecurityConformanceTests.LevelsAndVersions();

    [Theory]
    [MemberData(nameof(LevelsAndVersions))]
    public void Generated_policies_agree_with_the_built_in_profile_on_every_fixture(string level, string version)
    {
        var set = Load(GeneratePolicies(level, version, workloads: true));
        Assert.Equal(2, set.Policies.Count);
        var disagreements = new StringBuilder();
        var cases = Cases(level, version);
        foreach (var c in cases)
        {
            if ((c.Expected == null) != c.ShouldPass) disagreements.AppendLine($"{c.Id}: built-in profile disagrees with the fixture: {c.Expected}");
            Check(disagreements, c, set, VapOffline.Create(c.Pod, set), workload: false);
            var deployment = AsDeployment(c);
            Check(disagreements, c, set, VapOffline.Create(deployment, set), workload: true);
        }
        output.WriteLine($"{cases.Count} fixtures, {cases.Count(c => !c.ShouldPass)} denied");
        Assert.True(disagreements.Length == 0, disagreements.ToString());
    }

    private static void Check(StringBuilder disagreements, PsaCase c, VapPolicySet set, VapRequest request, bool workload)
    {
        var decision = set.Evaluate(request);
        var expected = ExpectedDetail(c, workload);
        var got = decision.Violations.Select(v => v.Detail).ToList();
        foreach (var note in decision.Notes) disagreements.AppendLine($"{c.Id}: note: {note}");
        if (decision.Violations.Any(v => v.IsError)) disagreements.AppendLine($"{c.Id}: evaluation error: {string.Join("; ", got)}");
        else if (expected == null && got.Count > 0) disagreements.AppendLine($"{c.Id} ({request.Kind}): denied: {string.Join("; ", got)}");
        else if (expected != null && (got.Count != 1 || got[0] != expected))
        {
            disagreements.AppendLine($"{c.Id} ({request.Kind}):\n  expected {expected}\n  got      {string.Join("; ", got)}");
        }
    }
}
