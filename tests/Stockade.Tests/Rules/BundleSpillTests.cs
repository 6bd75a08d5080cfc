using System.Text;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Profiles;

namespace Stockade.Tests.Rules;

/// <summary>
/// Findings held until the bundle is known go to the host's spill stream past a bound, so a long
/// stream does not hold them all in memory; read back, they settle exactly as the ones kept in memory.
/// </summary>
public class BundleSpillTests
{
    private static string Bundle(int pods)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pods; i++)
        {
            sb.Append($"""
                apiVersion: v1
                kind: Pod
                metadata: {"{"}name: p{i}, namespace: {(i % 2 == 0 ? "a" : "b")}{"}"}
                spec:
                  serviceAccountName: app
                  containers: [{"{"}name: c, image: "r/x:1"{"}"}]
                ---

                """);
        }
        // Both come after every pod: only the end of the read knows them.
        sb.Append("""
            apiVersion: v1
            kind: LimitRange
            metadata: {name: defaults, namespace: a}
            spec:
              limits:
              - type: Container
                default: {cpu: 500m, memory: 256Mi}
                defaultRequest: {cpu: 100m, memory: 128Mi}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: app, namespace: b}
            automountServiceAccountToken: false
            """);
        return sb.ToString();
    }

    private static ScanResult Scan(string yaml, Func<Stream>? spill)
    {
        var input = new ScanInput("bundle.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(yaml)));
        return new Scanner(new ScanOptions
        {
            Profile = ProfileRegistry.Hardened,
            Config = StockadeConfig.Default,
            Today = new DateOnly(2026, 12, 1),
            BundleFromInput = true,
            SpillStream = spill,
        }).Scan([input]);
    }

    [Fact]
    public void Findings_spilled_past_the_bound_settle_as_the_ones_kept_in_memory()
    {
        // Five dependent findings a pod (four resources, the token): past the in-memory bound.
        var pods = DependentFindingStore.InMemoryLimit / 5 + 500;
        var yaml = Bundle(pods);
        var spills = 0;
        var spilled = Scan(yaml, () => { spills++; return new MemoryStream(); });
        var kept = Scan(yaml, null);

        Assert.Equal(1, spills);
        static string Key(Finding f) => $"{f.File}:{f.Line}:{f.Column} {f.Rule} {f.Suppressed} {f.SuppressionReason} {f.Message}";
        Assert.Equal(kept.Findings.Select(Key), spilled.Findings.Select(Key));
        Assert.Equal(kept.Objects.Select(o => o.Verdict), spilled.Objects.Select(o => o.Verdict));
        // What only the end of the read decides is decided for the spilled findings too.
        Assert.Contains(spilled.Findings, f => f.Rule == "cpu-limits-missing" && f.Suppressed && f.Object.Namespace == "a" && f.Object.Name == $"p{pods - 2}");
        Assert.DoesNotContain(spilled.Findings, f => f.Rule == "service-account-token-automount" && f.Object.Namespace == "b");
        Assert.Contains(spilled.Findings, f => f.Rule == "service-account-token-automount" && f.Object.Name == $"p{pods - 2}");
    }
}
