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
/// read and decode stages. It also prints the bytes each stage allocates per document
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, last run).
/// </summary>
public static class BreakdownCommand
{
    private static readonly string[] Stages = ["split + UTF-8 decode", "YamlDotNet events only (per document)", "parse to tree (YamlTreeBuilder)", "read objects (ObjectReader)", "locate + decode pods", "ScanDocument (read + decode + rules + results)", "YamlDotNet events, one parser over the whole file"];

    public static int Run(BenchArgs a)
    {
        var file = a.Files()[0];
        var scanner = new Scanner(new ScanOptions { Profile = ProfileRegistry.Hardened, MaxParallelism = 1, Today = Config.Exemption.Today(TimeProvider.System) });
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
        // Allocation per document: the tree includes its own YamlDotNet events; ScanDocument re-reads and re-decodes.
        double Kb(long bytes) => bytes / 1024.0 / Math.Max(1, _documents);
        Console.WriteLine($"allocated per document (KB): events {Kb(_allocated[1]):F1}, tree {Kb(_allocated[2]):F1}, " +
                          $"read objects +{Kb(_allocated[3]):F1}, locate + decode +{Kb(_allocated[4]):F1}, " +
                          $"ScanDocument {Kb(_allocated[5]):F1} (rules and the rest +{Kb(_allocated[5] - _allocated[3] - _allocated[4]):F1})");
        return 0;
    }

    private static long[] _allocated = [];
    private static int _documents;

    private static long[] Measure(string file, Stockade.Engine.Scanner scanner)
    {
        var t = new long[Stages.Length];
        var a = new long[Stages.Length];
        _documents = 0;
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
            var (t0, a0) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            if (!docs.MoveNext()) break;
            var raw = docs.Current;
            var (t1, a1) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            CountEvents(raw.Text ?? "");
            var (t2, a2) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            var parsed = raw.Parse(limits);
            var (t3, a3) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            var objects = new List<KubeObject>();
            foreach (var doc in parsed) objects.AddRange(ObjectReader.Read(doc, new List<ReadNote>()));
            var (t4, a4) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            foreach (var obj in objects) WorkloadLocator.Locate(obj);
            var (t5, a5) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            var outcome = new DocumentOutcome();
            foreach (var doc in parsed) scanner.ScanDocument(doc, outcome);
            var (t6, a6) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            t[0] += t1 - t0; t[1] += t2 - t1; t[2] += t3 - t2; t[3] += t4 - t3; t[4] += t5 - t4; t[5] += t6 - t5;
            a[0] += a1 - a0; a[1] += a2 - a1; a[2] += a3 - a2; a[3] += a4 - a3; a[4] += a5 - a4; a[5] += a6 - a5;
            _documents++;
        }
        _allocated = a;
        return t;
    }

    private static void CountEvents(string text)
    {
        var parser = new YamlParser(new YamlDotNet.Core.Scanner(new StringReader(text), skipComments: true));
        while (parser.MoveNext()) { }
    }
}
