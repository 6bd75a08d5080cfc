using System.Diagnostics;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Bench;

/// <summary>
/// <c>vap FILE|DIR --policy POLICIES.yaml</c>: the time a ValidatingAdmissionPolicy costs per object
/// it matches, through the rule the scan runs (<see cref="VapRule"/>: match, the request, CEL, the
/// findings), the objects read beforehand so parsing is not counted. Two figures: one policy alone
/// per matched object (the request is built for it alone), and all the file's policies one after
/// the other per object (the request shared, as in a scan), divided by matched objects × policies.
/// </summary>
internal static class VapCommand
{
    public static int Run(BenchArgs a)
    {
        var policyFile = a.Value("--policy", "bench/cel/policies20.yaml");
        var set = VapLoader.Load([(policyFile, () => File.OpenRead(policyFile))]);
        if (set.Errors.Count > 0) throw new ArgumentException($"--policy {policyFile}: {set.Errors[0].Message}");
        var rules = VapRule.For(set).Cast<ObjectRule>().ToList();
        var objects = Read(a.Files());
        var rounds = a.Int("--rounds", 5);
        var first = rules[0];
        var firstPolicy = set.Policies.First(p => set.BindingsOf(p).Any());
        var matched = objects.Where(o => !VapReader.IsVapKind(o) && set.BindingsOf(firstPolicy)
            .Any(b => VapEvaluator.MayApply(firstPolicy, b, VapOffline.Create(o, set, values: false)))).ToList();
        Console.WriteLine($"objects={objects.Count} matched={matched.Count} policies={rules.Count}");

        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms the JIT; it is printed but not the figure.
            var one = Time(matched, [first], out var oneFindings);
            var all = Time(objects, rules, out var allFindings);
            var perOne = one.TotalMicroseconds / matched.Count;
            var perAll = all.TotalMicroseconds / (matched.Count * (double)rules.Count);
            Console.WriteLine($"{(round == 0 ? "warm-up" : "round " + round)}: one policy {perOne:F1} µs per matched object ({oneFindings} findings); " +
                $"{rules.Count} policies {perAll:F1} µs per matched object and policy, {all.TotalMilliseconds:F0} ms over all {objects.Count} objects ({allFindings} findings)");
        }
        return 0;
    }

    private static TimeSpan Time(List<KubeObject> objects, List<ObjectRule> rules, out int findings)
    {
        var sink = new List<Finding>();
        var sw = Stopwatch.StartNew();
        foreach (var obj in objects)
        {
            var context = new RuleContext(rules[0], rules[0].Metadata.Severity, RuleSettings.Default, "bench.yaml", obj.Ref, sink);
            foreach (var rule in rules)
            {
                if (!rule.AppliesTo(obj)) continue;
                rule.Check(obj, context.For(rule, rule.Metadata.Severity));
            }
        }
        sw.Stop();
        findings = sink.Count;
        return sw.Elapsed;
    }

    private static List<KubeObject> Read(List<string> files)
    {
        var objects = new List<KubeObject>();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            foreach (var raw in DocumentSplitter.Split(stream, file, ParseLimits.Default))
            foreach (var doc in raw.Parse(ParseLimits.Default))
                if (doc.Error == null) objects.AddRange(ObjectReader.Read(doc, new List<ReadNote>()));
        }
        return objects;
    }
}
