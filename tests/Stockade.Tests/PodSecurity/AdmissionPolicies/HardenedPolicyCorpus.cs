using System.Text;
using System.Text.Json.Nodes;
using Stockade.Config;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.PodSecurity.AdmissionPolicies;
using Stockade.Profiles;
using Stockade.Tests.Conformance;
using Stockade.Yaml;

namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>One object of the corpus with the built-in hardened rules' messages for it, by rule id (the generated rules only).</summary>
internal sealed record HardenedCase(string Id, KubeObject Object, IReadOnlyDictionary<string, List<string>> Findings, bool AllNamed)
{
    /// <summary>The generated policy's denial for <paramref name="rule"/>: its id and the rule's messages, or null when the rule has none.</summary>
    public string? Expected(string rule) => Findings.TryGetValue(rule, out var m) && m.Count > 0 ? $"{rule}: {string.Join("; ", m)}" : null;
}

/// <summary>
/// The objects the hardened policies are proved on: the repository's examples, the upstream Pod
/// Security Admission fixtures (each once, as a Pod and as a Deployment template), and generated
/// pods that set, unset and vary every field the generated rules read; each scanned with the
/// hardened profile. Objects holding a null are left out (the API server drops nulls of typed
/// fields before a policy sees the object; offline they would stay), and so are objects the API
/// server would reject (a decode error).
/// </summary>
internal static class HardenedPolicyCorpus
{
    private static readonly HashSet<string> Kinds = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController", "PodTemplate"];

    public static readonly Lazy<List<HardenedCase>> Cases = new(Build);

    public static int Skipped { get; private set; }

    private static List<HardenedCase> Build()
    {
        var objects = new List<(string Id, JsonObject Json)>();
        objects.AddRange(Examples());
        objects.AddRange(PsaFixtures());
        objects.AddRange(Generated());
        var unique = new Dictionary<string, (string Id, JsonObject Json)>(StringComparer.Ordinal);
        foreach (var o in objects) unique.TryAdd(o.Json.ToJsonString(), o);
        var kept = unique.Values.Where(o => !HasNull(o.Json)).ToList();
        Skipped = unique.Count - kept.Count;

        var inputs = kept.Select((o, i) => new ScanInput($"corpus/{i}.json", () => new MemoryStream(Encoding.UTF8.GetBytes(o.Json.ToJsonString())))).ToList();
        var generated = HardenedCoverage.Generated.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var result = new Scanner(new ScanOptions { Profile = ProfileRegistry.Hardened, Config = StockadeConfig.Default, MaxParallelism = 2, Today = new DateOnly(2026, 11, 24) }).Scan(inputs);
        var rejected = result.Errors.Select(e => e.File).ToHashSet(StringComparer.Ordinal);
        var byFile = result.Findings.Where(f => generated.Contains(f.Rule)).ToLookup(f => f.File);
        var read = KubeObjects.Read(inputs, ParseLimits.Default).ToDictionary(o => o.File);
        var cases = new List<HardenedCase>();
        for (var i = 0; i < kept.Count; i++)
        {
            var file = $"corpus/{i}.json";
            if (rejected.Contains(file) || !read.TryGetValue(file, out var obj)) continue;
            var findings = byFile[file].GroupBy(f => f.Rule).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToList(), StringComparer.Ordinal);
            cases.Add(new HardenedCase(kept[i].Id, obj, findings, AllNamed(kept[i].Json)));
        }
        return cases;
    }

    private static IEnumerable<(string, JsonObject)> Examples()
    {
        var root = Path.Combine(Path.GetDirectoryName(CelJs.ScriptPath)!, "..", "..", "..", "..", "examples");
        foreach (var file in Directory.GetFiles(root, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            List<KubeObject> read;
            try
            {
                read = [.. KubeObjects.Read([new ScanInput(file, () => File.OpenRead(file))], ParseLimits.Default)];
            }
            catch (Exception e) when (e is InvalidDataException or FormatException)
            {
                continue; // an example of bad input
            }
            foreach (var o in read.Where(o => Kinds.Contains(o.Kind)))
            {
                if (TreeJson.From(o.Root) is JsonObject json) yield return ($"example {Path.GetRelativePath(root, file)} {o.Kind}/{o.Name.Value}", json);
            }
        }
    }

    private static IEnumerable<(string, JsonObject)> PsaFixtures()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(PodSecurityConformanceTests.FixtureRoot.Value, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!seen.Add(File.ReadAllText(file))) continue;
            var pod = KubeObjects.Read([new ScanInput(file, () => File.OpenRead(file))], ParseLimits.Default).Single();
            if (TreeJson.From(pod.Root) is not JsonObject json) continue;
            var id = "psa " + Path.GetRelativePath(PodSecurityConformanceTests.FixtureRoot.Value, file);
            yield return (id, json);
            yield return (id + " as Deployment", AsDeployment(json));
        }
    }

    /// <summary>The pod as the template of a Deployment.</summary>
    public static JsonObject AsDeployment(JsonObject pod) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "d", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "d" } },
            ["template"] = new JsonObject { ["metadata"] = pod["metadata"]?.DeepClone(), ["spec"] = pod["spec"]?.DeepClone() },
        },
    };

    /// <summary>Pods setting, unsetting and varying every field the generated rules read, alone and combined.</summary>
    private static IEnumerable<(string, JsonObject)> Generated()
    {
        var pods = HardenedVariations.Pod.ToList();
        var containers = HardenedVariations.Container.ToList();
        foreach (var p in pods)
        {
            foreach (var c in containers) yield return Variant($"pod {p} container {c}", p, [c]);
        }
        // Combinations: several containers of each list, pod-level settings stacked.
        var random = new Random(13);
        for (var i = 0; i < 1500; i++)
        {
            var podParts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => pods[random.Next(pods.Count)]).ToList();
            var chosen = Enumerable.Range(0, random.Next(1, 4)).Select(_ => containers[random.Next(containers.Count)]).ToList();
            var json = Variant($"combination {i}", podParts[0], chosen).Item2;
            foreach (var extra in podParts.Skip(1)) Merge(json["spec"]!.AsObject(), JsonNode.Parse(extra)!.AsObject());
            if (random.Next(3) == 0) json["spec"]!["initContainers"] = Containers(containers[random.Next(containers.Count)], "init");
            if (random.Next(4) == 0) json["spec"]!["ephemeralContainers"] = Containers(containers[random.Next(containers.Count)], "debug");
            yield return ($"combination {i}: {string.Join(" + ", podParts)} / {string.Join(" + ", chosen)}", json);
            if (random.Next(2) == 0) yield return ($"combination {i} as Deployment", AsDeployment(json));
        }
    }

    private static (string, JsonObject) Variant(string id, string podSpec, IReadOnlyList<string> containers)
    {
        var spec = JsonNode.Parse(podSpec)!.AsObject();
        spec["containers"] = Containers(containers, "app");
        return (id, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default" },
            ["spec"] = spec,
        });
    }

    private static JsonArray Containers(string container, string prefix) => Containers([container], prefix);

    private static JsonArray Containers(IReadOnlyList<string> containers, string prefix)
    {
        var list = new JsonArray();
        for (var i = 0; i < containers.Count; i++)
        {
            var c = JsonNode.Parse(containers[i])!.AsObject();
            c["name"] ??= $"{prefix}{i}";
            c["image"] ??= "registry.example/app:1.0";
            list.Add(c);
        }
        return list;
    }

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            if (value is JsonObject o && into[key] is JsonObject existing) Merge(existing, o);
            else into[key] = value?.DeepClone();
        }
    }

    private static bool HasNull(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Any(p => HasNull(p.Value)),
        JsonArray a => a.Any(HasNull),
        _ => false,
    };

    private static bool AllNamed(JsonObject obj)
    {
        var spec = obj["kind"]?.GetValue<string>() switch
        {
            "Pod" => obj["spec"],
            "CronJob" => obj["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"],
            "PodTemplate" => obj["template"]?["spec"],
            _ => obj["spec"]?["template"]?["spec"],
        };
        return new[] { "initContainers", "containers", "ephemeralContainers" }
            .All(l => spec?[l] is not JsonArray list || list.All(c => c is JsonObject o && o["name"] is JsonValue v && v.TryGetValue<string>(out _)));
    }
}
