using Stockade.Engine;
using Stockade.Profiles;

namespace Stockade.Bench;

/// <summary><c>scan PATH</c>: the real <see cref="Scanner"/> with the hardened profile, in process.</summary>
public static class ScanCommand
{
    public static int Run(BenchArgs a)
    {
        var files = a.Files();
        var jobs = a.Int("--jobs", 1);
        var options = new ScanOptions { Profile = ProfileRegistry.Hardened, MaxParallelism = jobs };
        var inputs = files
            .Select(f => new ScanInput(f, () => new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan)))
            .ToList();
        Measurement.Report("scan", files, jobs, () =>
        {
            var result = new Scanner(options).Scan(inputs);
            return new RunCounts(result.Objects.Count, result.Findings.Count, result.Errors.Count);
        });
        return 0;
    }
}
