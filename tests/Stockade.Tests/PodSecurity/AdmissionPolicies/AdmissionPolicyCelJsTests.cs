using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Kube;
using Stockade.Tests.Conformance;
using Stockade.Vap;
using Stockade.Yaml;
using Xunit.Abstractions;
using static Stockade.Tests.PodSecurity.AdmissionPolicies.AdmissionPolicyFixtures;

namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>
/// So the proof is not circular: the same generated policies, evaluated by the independent cel-js
/// engine over every upstream fixture at every level and version (one node process for the whole
/// batch), give the built-in profile's verdict and PSA's message too; and an update that changes
/// nothing PSA looks at is let through by both engines.
/// </summary>
public class AdmissionPolicyCelJsTests(ITestOutputHelper output)
{
    [Fact]
    public void Cel_js_agrees_with_the_built_in_profile_on_every_fixture()
    {
        var celJs = CelJs.Install(out var reason);
        if (celJs == null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"cel-js is not available: {reason}; .ci/run must install it (STOCKADE_CEL_JS_DIR)");
            output.WriteLine($"cel-js is not available ({reason}); not checked with the independent engine");
            return;
        }

        var policies = new JsonObject();
        var requests = new JsonArray();
        var expected = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in PodSecurityConformanceTests.LevelsAndVersions())
        {
            var (level, version) = ((string)row[0], (string)row[1]);
            var set = Load(GeneratePolicies(level, version, workloads: true));
            foreach (var p in set.Policies) policies[p.Name] = PolicyJson(p);
            var (podPolicy, workloadPolicy) = (set.Policies[0].Name, set.Policies[1].Name);
            foreach (var c in Cases(level, version))
            {
                Add(requests, expected, $"{c.Id}/pod", podPolicy, c.Pod, null, ExpectedDetail(c, workload: false));
                Add(requests, expected, $"{c.Id}/deployment", workloadPolicy, AsDeployment(c), null, ExpectedDetail(c, workload: true));
                // An update changing nothing PSA looks at is out of scope: allowed, whatever the pod.
                Add(requests, expected, $"{c.Id}/update", podPolicy, c.Pod, c.Pod, null);
            }
        }

        var input = Path.Combine(Path.GetTempPath(), $"stockade-cel-js-input-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, new JsonObject { ["policies"] = policies, ["requests"] = requests }.ToJsonString());
        try
        {
            var started = DateTime.UtcNow;
            var (code, text) = CelJs.Run("node", [CelJs.ScriptPath, celJs, input], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"node failed ({code}): {text}");
            output.WriteLine($"cel-js evaluated {requests.Count} requests over {policies.Count} policies in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            var results = JsonNode.Parse(text)!.AsArray();
            Assert.Equal(requests.Count, results.Count);
            var disagreements = new StringBuilder();
            foreach (var r in results)
            {
                var id = (string)r!["id"]!;
                var messages = r["messages"]!.AsArray().Select(m => (string)m!).ToList();
                var want = expected[id];
                if (want == null ? messages.Count > 0 : messages.Count != 1 || messages[0] != want)
                {
                    disagreements.AppendLine($"{id}:\n  expected {want ?? "(allowed)"}\n  cel-js   {string.Join("; ", messages)}");
                }
            }
            Assert.True(disagreements.Length == 0, disagreements.ToString());
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static void Add(JsonArray requests, Dictionary<string, string?> expected, string id, string policy, KubeObject obj, KubeObject? old, string? detail)
    {
        var json = TreeJson.From(obj.Root);
        requests.Add(new JsonObject
        {
            ["id"] = id,
            ["policy"] = policy,
            ["object"] = json,
            ["oldObject"] = old == null ? null : TreeJson.From(old.Root),
            ["request"] = new JsonObject { ["operation"] = old == null ? "CREATE" : "UPDATE", ["userInfo"] = new JsonObject { ["username"] = VapOffline.DefaultUser } },
        });
        expected[id] = detail;
    }

    internal static JsonObject PolicyJson(VapPolicy p) => new()
    {
        ["matchConditions"] = new JsonArray(p.MatchConditions.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["expression"] = c.Expression.Text }).ToArray()),
        ["variables"] = new JsonArray(p.Variables.Select(v => (JsonNode)new JsonObject { ["name"] = v.Name, ["expression"] = v.Expression.Text }).ToArray()),
        ["validations"] = new JsonArray(p.Validations.Select(v => (JsonNode)new JsonObject
        {
            ["expression"] = v.Expression.Text,
            ["messageExpression"] = v.MessageExpression?.Text,
            ["message"] = v.Message,
        }).ToArray()),
    };
}
