using System.Diagnostics;
using Stockade.Engine;
using Stockade.Kube;
using Stockade.Profiles;
using Stockade.Yaml;
using YamlParser = YamlDotNet.Core.Parser;

namespace Stockade.Bench;

/// <summary>
/// <c>breakdown FILE</c>: where single-threaded scan time goes, stage by stage, timed per
/// document with <see cref="Stopwatch"/>: splitting (with UTF-8 decoding), YamlDotNet's events
/// alone over the split text, building the tree, reading objects, locating and decoding pods,
/// then the rest of <see cref="Scanner.ScanDocument"/> (rules, exemptions, sorting, results).
/// The full ScanDocument re-reads and re-decodes, so "rules and the rest" is its time minus the
/// read and decode stages.
/// </summary>
public static class BreakdownCommand
{
    private static readonly string[] Stages = ["split + UTF-8 decode", "YamlDotNet events only (per document)", "parse to tree (YamlTreeBuilder)", "read objects (ObjectReader)", "locate + decode pods", "ScanDocument (read + decode + rules + results)", "YamlDotNet events, one parser over the whole file"];

    public static int Run(BenchArgs a)
    {
        var file = a.Files()[0];
        var scanner = new Scanner(new ScanOptions { Profile = ProfileRegistry.Hardened, MaxParallelism = 1 });
        Measure(file, scanner); // warm-up
        // The least time of each stage over the runs: other processes on the cores only ever add time.
        var best = Measure(file, scanner);
        for (var i = 1; i < Measurement.TimedRuns; i++)
        {
            var t = Measure(file, scanner);
            for (var s = 0; s < t.Length; s++) best[s] = Math.Min(best[s], t[s]);
        }
        var seconds = best.Select(t => (double)t / Stopwatch.Frequency).ToArray();
        var rules = seconds[5] - seconds[3] - seconds[4];
        var scanTotal = seconds[0] + seconds[2] + seconds[5];
        // Stage 6 is not part of the scan: it shows what one streaming parser costs for the same text.
        Console.WriteLine($"breakdown file={Path.GetFileName(file)} scan_total_s={scanTotal:F3}");
        for (var i = 0; i < Stages.Length; i++) Console.WriteLine($"  {Stages[i],-48} {seconds[i],7:F3} s");
        Console.WriteLine($"  {"=> rules + exemptions + results (derived)",-48} {rules,7:F3} s");
        Console.WriteLine($"  {"=> tree building beyond YamlDotNet (derived)",-48} {seconds[2] - seconds[1],7:F3} s");
        return 0;
    }

    private static long[] Measure(string file, Stockade.Engine.Scanner scanner)
    {
        var t = new long[Stages.Length];
        var limits = ParseLimits.Default;
        var whole = Stopwatch.GetTimestamp();
        using (var reader = new StreamReader(file))
        {
            var parser = new YamlParser(new YamlDotNet.Core.Scanner(reader, skipComments: true));
            while (parser.MoveNext()) { }
        }
        t[6] = Stopwatch.GetTimestamp() - whole;
        using var stream = File.OpenRead(file);
        using var docs = DocumentSplitter.Split(stream, file, limits).GetEnumerator();
        while (true)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (!docs.MoveNext()) break;
            var raw = docs.Current;
            var t1 = Stopwatch.GetTimestamp();
            CountEvents(raw.Text ?? "");
            var t2 = Stopwatch.GetTimestamp();
            var parsed = raw.Parse(limits);
            var t3 = Stopwatch.GetTimestamp();
            var objects = new List<KubeObject>();
            foreach (var doc in parsed) objects.AddRange(ObjectReader.Read(doc, new List<ReadNote>()));
            var t4 = Stopwatch.GetTimestamp();
            foreach (var obj in objects) WorkloadLocator.Locate(obj);
            var t5 = Stopwatch.GetTimestamp();
            var outcome = new DocumentOutcome();
            foreach (var doc in parsed) scanner.ScanDocument(doc, outcome);
            var t6 = Stopwatch.GetTimestamp();
            t[0] += t1 - t0; t[1] += t2 - t1; t[2] += t3 - t2; t[3] += t4 - t3; t[4] += t5 - t4; t[5] += t6 - t5;
        }
        return t;
    }

    private static void CountEvents(string text)
    {
        var parser = new YamlParser(new YamlDotNet.Core.Scanner(new StringReader(text), skipComments: true));
        while (parser.MoveNext()) { }
    }
}
