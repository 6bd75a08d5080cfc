using System.Text;
using System.Text.Json.Nodes;
using Stockade.Engine;
using Stockade.PodSecurity.AdmissionPolicies;
using Stockade.Rules;
using Stockade.Vap;
using Xunit.Abstractions;

namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>
/// The proof of <c>generate admission-policies --profile hardened</c>: each generated policy,
/// evaluated by Stockade's VAP engine and by the independent cel-js on the corpus
/// (<see cref="HardenedPolicyCorpus"/>), denies exactly the objects its built-in rule has findings
/// on, with the rule's id and messages; and every rule of the profile is generated or listed with why not.
/// </summary>
public class HardenedPolicyConformanceTests(ITestOutputHelper output)
{
    private static VapPolicySet Generated() => AdmissionPolicyFixtures.Load(HardenedPolicyYaml.Write(new HardenedPolicyPlan(), "test"));

    [Fact]
    public void Every_hardened_rule_is_generated_or_listed_with_the_reason()
    {
        var coverage = HardenedCoverage.Rules;
        Assert.Equal(Catalog.Hardened.Count, coverage.Count);
        var yaml = HardenedPolicyYaml.Write(new HardenedPolicyPlan(), "test");
        foreach (var (rule, reason) in coverage)
        {
            if (reason == null) Assert.Contains($"  name: {HardenedPolicyYaml.NamePrefix}{rule.Id}\n", yaml);
            else Assert.Contains($"#   {rule.Id}: {reason}\n", yaml);
        }
        // Every generated rule is a pod rule of the profile; no CEL is written for a rule the profile does not run.
        Assert.All(HardenedRuleCel.Findings.Keys, id => Assert.Contains(HardenedCoverage.Generated, r => r.Id == id));
        Assert.All(HardenedCoverage.Generated, r => Assert.IsAssignableFrom<PodRule>(r));
        output.WriteLine($"{HardenedCoverage.Generated.Count} of {coverage.Count} hardened rules generated");
    }

    [Fact]
    public void The_generated_policies_load_without_errors_or_type_warnings()
    {
        var set = Generated();
        Assert.Equal(HardenedCoverage.Generated.Count, set.Policies.Count);
        Assert.Equal(set.Policies.Count, set.Bindings.Count);
        foreach (var p in set.Policies) Assert.True(p.TypeWarnings.Count == 0, $"{p.Name}: {string.Join("; ", p.TypeWarnings.Select(w => w.Text))}");
    }

    [Fact]
    public void Stockade_s_engine_agrees_with_the_built_in_rules_on_the_corpus()
    {
        var set = Generated();
        var cases = HardenedPolicyCorpus.Cases.Value;
        var disagreements = new StringBuilder();
        var denied = 0;
        foreach (var c in cases)
        {
            var decision = set.Evaluate(VapOffline.Create(c.Object, set));
            foreach (var note in decision.Notes) disagreements.AppendLine($"{c.Id}: note: {note}");
            var got = decision.Violations.ToLookup(v => RuleOf(v.Policy.Name), v => v.IsError ? "error: " + v.Detail : v.Detail);
            foreach (var rule in HardenedCoverage.Generated)
            {
                denied += got[rule.Id].Any() ? 1 : 0;
                Compare(disagreements, c, rule.Id, got[rule.Id].ToList());
            }
        }
        output.WriteLine($"{cases.Count} objects ({HardenedPolicyCorpus.Skipped} left out for a null), {HardenedCoverage.Generated.Count} policies, {denied} denials");
        Assert.True(disagreements.Length == 0, Truncated(disagreements));
    }

    [Fact]
    public void Cel_js_agrees_with_the_built_in_rules_on_the_corpus()
    {
        var celJs = CelJs.Install(out var reason);
        if (celJs == null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"cel-js is not available: {reason}; .ci/run must install it (STOCKADE_CEL_JS_DIR)");
            output.WriteLine($"cel-js is not available ({reason}); not checked with the independent engine");
            return;
        }
        var set = Generated();
        var policies = new JsonObject();
        foreach (var p in set.Policies) policies[p.Name] = AdmissionPolicyCelJsTests.PolicyJson(p);
        var requests = new JsonArray();
        var cases = new Dictionary<string, (HardenedCase Case, string Rule)>(StringComparer.Ordinal);
        var all = HardenedPolicyCorpus.Cases.Value;
        for (var i = 0; i < all.Count; i++)
        {
            foreach (var rule in HardenedCoverage.Generated)
            {
                var id = $"{i}/{rule.Id}";
                requests.Add(new JsonObject
                {
                    ["id"] = id,
                    ["policy"] = HardenedPolicyYaml.NamePrefix + rule.Id,
                    ["object"] = Stockade.Yaml.TreeJson.From(all[i].Object.Root),
                    ["oldObject"] = null,
                    ["request"] = new JsonObject { ["operation"] = "CREATE", ["userInfo"] = new JsonObject { ["username"] = VapOffline.DefaultUser } },
                });
                cases[id] = (all[i], rule.Id);
            }
        }
        var input = Path.Combine(Path.GetTempPath(), $"stockade-cel-js-hardened-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, new JsonObject { ["policies"] = policies, ["requests"] = requests }.ToJsonString());
        try
        {
            var (code, text) = CelJs.Run("node", [CelJs.ScriptPath, celJs, input], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"node failed ({code}): {text}");
            var results = JsonNode.Parse(text)!.AsArray();
            Assert.Equal(requests.Count, results.Count);
            var disagreements = new StringBuilder();
            foreach (var r in results)
            {
                var (c, rule) = cases[(string)r!["id"]!];
                Compare(disagreements, c, rule, r["messages"]!.AsArray().Select(m => (string)m!).ToList(), "cel-js");
            }
            output.WriteLine($"cel-js evaluated {requests.Count} requests over {policies.Count} policies");
            Assert.True(disagreements.Length == 0, Truncated(disagreements));
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static void Compare(StringBuilder disagreements, HardenedCase c, string rule, List<string> got, string engine = "stockade")
    {
        var want = c.Expected(rule);
        var agrees = want == null ? got.Count == 0 : got.Count == 1 && (SameMessages(got[0], rule, c.Findings[rule]) || !c.AllNamed && got[0].StartsWith(rule + ": ", StringComparison.Ordinal));
        if (!agrees) disagreements.AppendLine($"{c.Id} [{rule}]:\n  built-in {want ?? "(allowed)"}\n  {engine,-8} {(got.Count == 0 ? "(allowed)" : string.Join(" | ", got))}");
    }

    /// <summary>
    /// The denial is the rule's id and exactly its messages. The built-in scan reports in source order
    /// (a pod may list containers before initContainers), the policy in the API's container order, so
    /// the messages are matched in any order, the longest first where one starts another.
    /// </summary>
    private static bool SameMessages(string got, string rule, List<string> expected)
    {
        if (!got.StartsWith(rule + ": ", StringComparison.Ordinal)) return false;
        var rest = got[(rule.Length + 2)..];
        var left = expected.OrderByDescending(m => m.Length).ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(m => rest.StartsWith(m, StringComparison.Ordinal) && (rest.Length == m.Length || rest[m.Length..].StartsWith("; ", StringComparison.Ordinal)));
            if (next == null) return false;
            left.Remove(next);
            rest = rest.Length == next.Length ? "" : rest[(next.Length + 2)..];
        }
        return rest.Length == 0;
    }

    private static string RuleOf(string policy) => policy[HardenedPolicyYaml.NamePrefix.Length..];

    private static string Truncated(StringBuilder s) => s.Length > 20000 ? s.ToString(0, 20000) + "\n…" : s.ToString();
}
