using System.Diagnostics.Tracing;
using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Reporting;

namespace Stockade.Bench;

/// <summary>
/// <c>allocations PATH [--top 30] [--report text|none] [--of scan|parse]</c>: which types the scan allocates, from the runtime's own
/// allocation sampling (the <c>GCAllocationTick</c> event, one per ~100 KB allocated, naming the
/// type that crossed the mark), over one warm pass of the same scan <c>scan</c> runs. Each type's
/// share of the samples estimates its share of the bytes; the total is exact
/// (<see cref="GC.GetTotalAllocatedBytes"/>). <c>--report none</c> leaves the text report out, to
/// tell the report's share from the scan's.
/// </summary>
public static class AllocationsCommand
{
    public static int Run(BenchArgs a)
    {
        var files = a.Files();
        var top = a.Int("--top", 30);
        var options = new ScanOptions { Profile = ProfileRegistry.Hardened, MaxParallelism = 1, Today = Config.Exemption.Today(TimeProvider.System) };
        var inputs = files.Select(f => new ScanInput(f, () => File.OpenRead(f))).ToList();
        var report = a.Value("--report", "text") != "none";
        // --of parse: the bare parser's own allocations, the baseline the scan's are compared with.
        var bareParser = a.Value("--of", "scan") == "parse";
        void Pass()
        {
            if (bareParser) files.ForEach(f => ParseCommand.CountObjects(f));
            else new Scanner(options).Scan(inputs, report ? new TextSink(Stream.Null, new ReportOptions(), options.Profile.Name, options.FailOn) : new NullSink());
        }
        Pass(); // warm-up: the JIT's and the type loader's allocations are not the scan's
        using var listener = new AllocationListener();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Pass();
        var total = GC.GetTotalAllocatedBytes(precise: true) - before;
        listener.Dispose();
        var samples = listener.Samples;
        long sampled = samples.Values.Sum();
        Console.WriteLine($"allocations files={files.Count} allocated_mb={total / 1e6:F0} samples_mb={sampled / 1e6:F0}");
        foreach (var (type, bytes) in samples.OrderByDescending(kv => kv.Value).Take(top))
        {
            Console.WriteLine($"  {100.0 * bytes / Math.Max(1, sampled),5:F1}%  {total * ((double)bytes / Math.Max(1, sampled)) / 1e6,7:F0} MB  {type}");
        }
        return 0;
    }

    private sealed class NullSink : IScanSink
    {
        public void Add(DocumentOutcome outcome) { }

        public void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount)
        {
            foreach (var _ in crossObjectFindings) { }
        }
    }

    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly object _gate = new();

        public Dictionary<string, long> Samples { get; } = new(StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName == null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload == null) return;
            var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
            var amount = e.PayloadNames!.IndexOf("AllocationAmount64") is var m and >= 0 ? Convert.ToInt64(e.Payload[m], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            lock (_gate) Samples[type] = Samples.GetValueOrDefault(type) + amount;
        }
    }
}
