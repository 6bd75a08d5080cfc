using System.Text;
using System.Text.Json.Nodes;
using Stockade.Engine;
using Stockade.Fix;
using Stockade.Profiles;
using Stockade.Tests.Docs;
using Stockade.Yaml;

namespace Stockade.Tests.Fix;

/// <summary>
/// For every example and a generated corpus of insecure workloads: the fixed output parses, scans
/// with no finding left that a step could fix there, and differs from the input only at the paths
/// the recorded changes name.
/// </summary>
public sealed class FixPropertyTests
{
    private static readonly FixOptions Options = new() { RunAsUser = 10001, RunAsGroup = 10001, TmpEmptyDir = true };

    // Left only where the manifest itself rules the safe value out (an added capability, CAP_SYS_ADMIN).
    private static readonly HashSet<string> MayRemain = ["net-raw-not-dropped", "pss-capabilities-restricted", "privilege-escalation-allowed", "pss-allow-privilege-escalation", "low-group-id"];

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(RepositoryFiles.PathOf("examples"), "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".yaml") || f.EndsWith(".json")).Order())
        {
            data.Add(Path.GetRelativePath(RepositoryFiles.PathOf("examples"), f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_example_is_fixed_without_other_changes(string example)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryFiles.PathOf("examples"), example));
        foreach (var profile in new[] { "hardened", "restricted" }) Check(example, bytes, profile);
    }

    [Fact]
    public void Generated_workloads_are_fixed_without_other_changes()
    {
        var random = new Random(15);
        for (var i = 0; i < 60; i++)
        {
            var text = Generated(random, i);
            Check($"generated-{i}.yaml", Encoding.UTF8.GetBytes(text), i % 2 == 0 ? "hardened" : "baseline");
        }
    }

    private static void Check(string name, byte[] bytes, string profile)
    {
        var scan = new ScanOptions { Profile = ProfileRegistry.Resolve(profile), Today = new DateOnly(2026, 12, 1), BundleFromInput = true, MaxParallelism = 1 };
        var result = FixPipeline.Fix(new FixInput(name, bytes), scan, Options);
        if (result.Errors.Count > 0) return; // the hostile examples: nothing is written for them
        var left = result.Remaining.Where(f => PodFixer.FixableRules.Contains(f.Rule) && !MayRemain.Contains(f.Rule)).ToList();
        Assert.True(left.Count == 0, $"{name} ({profile}): {string.Join("; ", left.Select(f => $"{f.Rule} {f.Path}: {f.Message}"))}");
        var before = Trees(result.Original);
        var after = Trees(result.Fixed);
        Assert.Equal(before.Count, after.Count);
        var changed = result.Changes.Select(c => c.Change.Pointer).ToList();
        for (var d = 0; d < before.Count; d++)
        {
            foreach (var pointer in Differences(before[d], after[d], ""))
            {
                // Under a change, or a parent a change created or emptied (annotations, template metadata).
                Assert.True(changed.Any(c => pointer.StartsWith(c, StringComparison.Ordinal) || c.StartsWith(pointer + "/", StringComparison.Ordinal)),
                    $"{name} ({profile}): {pointer} changed, but no fix names it");
            }
        }
    }

    private static List<JsonNode?> Trees(string text) =>
        [.. DocumentSplitter.Split(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t", ParseLimits.Default)
            .SelectMany(r => r.Parse(ParseLimits.Default))
            .Select(d => { Assert.Null(d.Error); return d.Root == null ? null : TreeJson.From(d.Root); })];

    private static IEnumerable<string> Differences(JsonNode? a, JsonNode? b, string at)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
            {
                var p = at + "/" + Stockade.Json.JsonPointer.Escape(key);
                if (!oa.ContainsKey(key) || !ob.ContainsKey(key)) yield return p;
                else foreach (var d in Differences(oa[key], ob[key], p)) yield return d;
            }
        }
        else if (a is JsonArray aa && b is JsonArray ab && aa.Count <= ab.Count)
        {
            for (var i = 0; i < ab.Count; i++)
            {
                if (i >= aa.Count) yield return $"{at}/{i}";
                else foreach (var d in Differences(aa[i], ab[i], $"{at}/{i}")) yield return d;
            }
        }
        else if (!JsonNode.DeepEquals(a, b))
        {
            yield return at;
        }
    }

    /// <summary>A workload of a random kind with a random combination of the insecure fields.</summary>
    private static string Generated(Random r, int i)
    {
        string Pick(params string[] options) => options[r.Next(options.Length)];
        var container = new StringBuilder();
        var containers = r.Next(1, 3);
        for (var c = 0; c < containers; c++)
        {
            container.Append($"  - name: c{c}\n    image: registry.example/c{c}:1\n");
            var sc = new List<string>();
            if (r.Next(3) == 0) sc.Add($"privileged: {Pick("true", "false")}");
            if (r.Next(3) == 0) sc.Add($"allowPrivilegeEscalation: {Pick("true", "false")}");
            if (r.Next(3) == 0) sc.Add($"runAsNonRoot: {Pick("true", "false")}");
            if (r.Next(4) == 0) sc.Add($"runAsUser: {Pick("0", "5", "20000")}");
            if (r.Next(3) == 0) sc.Add($"readOnlyRootFilesystem: {Pick("true", "false")}");
            if (r.Next(3) == 0) sc.Add($"capabilities: {{drop: [{Pick("NET_RAW", "ALL", "CHOWN")}]}}");
            if (r.Next(4) == 0) sc.Add($"seccompProfile: {{type: {Pick("Unconfined", "RuntimeDefault")}}}");
            if (r.Next(5) == 0) sc.Add("procMount: Unmasked");
            if (sc.Count > 0) container.Append("    securityContext:\n").Append(string.Concat(sc.Select(s => $"      {s}\n")));
            if (r.Next(3) == 0) container.Append("    volumeMounts:\n      - {name: host, mountPath: /host}\n");
        }
        var pod = new StringBuilder();
        var podSc = new List<string>();
        if (r.Next(3) == 0) podSc.Add($"runAsNonRoot: {Pick("true", "false")}");
        if (r.Next(3) == 0) podSc.Add($"runAsUser: {Pick("0", "7", "30000")}");
        if (r.Next(3) == 0) podSc.Add($"seccompProfile: {{type: {Pick("Unconfined", "RuntimeDefault")}}}");
        if (r.Next(4) == 0) podSc.Add("fsGroup: 3");
        if (podSc.Count > 0) pod.Append("securityContext:\n").Append(string.Concat(podSc.Select(s => $"  {s}\n")));
        if (r.Next(3) == 0) pod.Append($"automountServiceAccountToken: {Pick("true", "false")}\n");
        pod.Append("containers:\n").Append(container);
        pod.Append("volumes:\n  - name: host\n    hostPath: {path: /var/log}\n");
        var annotations = r.Next(3) == 0 ? $"annotations:\n  seccomp.security.alpha.kubernetes.io/pod: {Pick("unconfined", "runtime/default")}\n  # a comment\n" : "";
        string Indent(string s, int n) => string.Concat(s.Split('\n').Where(l => l.Length > 0).Select(l => new string(' ', n) + l + "\n"));
        var kind = Pick("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "ReplicationController", "PodTemplate");
        var header = $"# generated {i}\napiVersion: {kind switch { "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => "apps/v1", "Job" or "CronJob" => "batch/v1", _ => "v1" }}\nkind: {kind}\nmetadata:\n  name: w{i}\n";
        return kind switch
        {
            "Pod" => header + Indent(annotations, 2) + "spec:\n" + Indent(pod.ToString(), 2),
            "PodTemplate" => header + "template:\n" + (annotations.Length > 0 ? "  metadata:\n" + Indent(annotations, 4) : "") + "  spec:\n" + Indent(pod.ToString(), 4),
            "CronJob" => header + "spec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n" + (annotations.Length > 0 ? "        metadata:\n" + Indent(annotations, 10) : "") + "        spec:\n" + Indent(pod.ToString(), 10),
            _ => header + "spec:\n" + (kind is "Job" ? "" : "  selector: {matchLabels: {app: w}}\n") + "  template:\n" + (annotations.Length > 0 ? "    metadata:\n" + Indent(annotations, 6) : "") + "    spec:\n" + Indent(pod.ToString(), 6),
        };
    }
}
