using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Reporting;

namespace Stockade.Bench;

/// <summary>
/// <c>scan PATH</c>: the real <see cref="Scanner"/> with the hardened profile, in process, writing
/// the text report as the CLI does (streamed while the scan runs) into a null stream. With
/// <c>--rules a,b,…</c> only those rules of the profile run: the same rules as an older build's
/// profile, so the engine's own speed is compared and not the catalogue's growth.
/// </summary>
public static class ScanCommand
{
    public static int Run(BenchArgs a)
    {
        var files = a.Files();
        var jobs = a.Int("--jobs", 1);
        if (a.Int("--yaml-pool-retained", 0) is var retained and > 0) YamlDotNetPool.Retain(retained);
        var profile = ProfileRegistry.Hardened;
        if (a.Value("--rules", "") is { Length: > 0 } list)
        {
            var wanted = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var unknown = wanted.Except(profile.Rules.Select(r => r.Metadata.Id)).ToList();
            if (unknown.Count > 0) throw new ArgumentException($"--rules: not in the hardened profile: {string.Join(", ", unknown)}");
            profile = new Profile(profile.Name, profile.Description, profile.Rules.Where(r => wanted.Contains(r.Metadata.Id)));
        }
        var options = new ScanOptions { Profile = profile, MaxParallelism = jobs, Today = Config.Exemption.Today(TimeProvider.System) };
        var inputs = files
            .Select(f => new ScanInput(f, () => new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan)))
            .ToList();
        Measurement.Report("scan", files, jobs, () =>
        {
            var counter = new CountingSink(new TextSink(Stream.Null, new ReportOptions(), options.Profile.Name, options.FailOn));
            new Scanner(options).Scan(inputs, counter);
            return new RunCounts(counter.Objects, counter.Findings, counter.Errors);
        });
        return 0;
    }

    /// <summary>Counts what passes through to the text report.</summary>
    private sealed class CountingSink(IScanSink inner) : IScanSink
    {
        public int Objects { get; private set; }
        public int Findings { get; private set; }
        public int Errors { get; private set; }

        public void Add(DocumentOutcome outcome)
        {
            Objects += outcome.Objects.Count;
            Findings += outcome.Findings.Count;
            Errors += outcome.Errors.Count;
            inner.Add(outcome);
        }

        public void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount)
        {
            inner.Complete(crossObjectFindings.Select(f =>
            {
                Findings++;
                return f;
            }), fileCount);
        }
    }
}
