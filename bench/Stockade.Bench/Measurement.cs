using System.Diagnostics;

namespace Stockade.Bench;

/// <summary>What one timed run counted.</summary>
public sealed record RunCounts(long Objects, long Findings = 0, long Errors = 0);

/// <summary>
/// Runs a workload once to warm up (JIT, file cache), then three times, and prints the best wall
/// time and the least CPU time (the steadier figure on a shared machine).
/// </summary>
public static class Measurement
{
    public const int TimedRuns = 3;

    public static void Report(string label, List<string> files, int jobs, Func<RunCounts> run)
    {
        var bytes = files.Sum(f => new FileInfo(f).Length);
        using var self = Process.GetCurrentProcess();
        // The warm-up is what a process that scans once (the CLI) pays: JIT tiering, first-use caches, heap growth.
        var coldCpu = self.TotalProcessorTime;
        var cold = Stopwatch.StartNew();
        run();
        cold.Stop();
        self.Refresh();
        Console.Error.WriteLine($"  warm-up: {cold.Elapsed.TotalSeconds:F3} s wall, {(self.TotalProcessorTime - coldCpu).TotalSeconds:F3} s cpu");
        var best = TimeSpan.MaxValue;
        RunCounts counts = new(0);
        long allocatedInBest = 0;
        var leastCpu = TimeSpan.MaxValue;
        for (var i = 0; i < TimedRuns; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var c = run();
            watch.Stop();
            self.Refresh();
            // CPU time is what a run costs when other processes share the cores; it includes GC threads.
            var cpu = self.TotalProcessorTime - cpuBefore;
            if (cpu < leastCpu) leastCpu = cpu;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Console.Error.WriteLine($"  run {i + 1}: {watch.Elapsed.TotalSeconds:F3} s wall, {cpu.TotalSeconds:F3} s cpu");
            if (watch.Elapsed < best)
            {
                best = watch.Elapsed;
                counts = c;
                allocatedInBest = allocated;
            }
        }
        var seconds = best.TotalSeconds;
        var mb = bytes / 1e6;
        self.Refresh();
        // One line of key=value pairs, read by bench/run.sh.
        Console.WriteLine(string.Join(' ',
            $"bench={label}",
            $"files={files.Count}",
            $"jobs={jobs}",
            $"mb={mb:F1}",
            $"seconds={seconds:F3}",
            $"mb_per_s={mb / seconds:F1}",
            $"cpu_seconds={leastCpu.TotalSeconds:F3}",
            $"mb_per_cpu_s={mb / leastCpu.TotalSeconds:F1}",
            $"objects={counts.Objects}",
            $"objects_per_s={counts.Objects / seconds:F0}",
            $"findings={counts.Findings}",
            $"errors={counts.Errors}",
            $"allocated_mb={allocatedInBest / 1e6:F0}",
            $"peak_working_set_mb={self.PeakWorkingSet64 / 1e6:F0}"));
    }
}
