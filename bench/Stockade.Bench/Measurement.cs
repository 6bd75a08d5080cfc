using System.Diagnostics;

namespace Stockade.Bench;

/// <summary>What one timed run counted.</summary>
public sealed record RunCounts(long Objects, long Findings = 0, long Errors = 0);

/// <summary>Runs a workload once to warm up (JIT, file cache), then three times, and prints the best.</summary>
public static class Measurement
{
    public const int TimedRuns = 3;

    public static void Report(string label, List<string> files, int jobs, Func<RunCounts> run)
    {
        var bytes = files.Sum(f => new FileInfo(f).Length);
        run();
        var best = TimeSpan.MaxValue;
        RunCounts counts = new(0);
        long allocatedInBest = 0;
        for (var i = 0; i < TimedRuns; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var c = run();
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Console.Error.WriteLine($"  run {i + 1}: {watch.Elapsed.TotalSeconds:F3} s");
            if (watch.Elapsed < best)
            {
                best = watch.Elapsed;
                counts = c;
                allocatedInBest = allocated;
            }
        }
        var seconds = best.TotalSeconds;
        var mb = bytes / 1e6;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        // One line of key=value pairs, read by bench/run.sh.
        Console.WriteLine(string.Join(' ',
            $"bench={label}",
            $"files={files.Count}",
            $"jobs={jobs}",
            $"mb={mb:F1}",
            $"seconds={seconds:F3}",
            $"mb_per_s={mb / seconds:F1}",
            $"objects={counts.Objects}",
            $"objects_per_s={counts.Objects / seconds:F0}",
            $"findings={counts.Findings}",
            $"errors={counts.Errors}",
            $"allocated_mb={allocatedInBest / 1e6:F0}",
            $"peak_working_set_mb={process.PeakWorkingSet64 / 1e6:F0}"));
    }
}
