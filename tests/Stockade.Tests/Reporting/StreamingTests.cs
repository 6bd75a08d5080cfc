using System.Text;
using Stockade.Engine;
using Stockade.Profiles;
using Stockade.Reporting;

namespace Stockade.Tests.Reporting;

/// <summary>Results streamed in input order are the results collected at the end.</summary>
public class StreamingTests
{
    private static List<ScanInput> Inputs()
    {
        // Many documents of varied cost in several files, so two workers finish them out of order.
        var files = new List<ScanInput>();
        for (var f = 0; f < 4; f++)
        {
            var docs = Enumerable.Range(0, 60).Select(i => i % 7 == 0
                ? ReportFixtures.PrivilegedPod($"p{f}-{i}")
                : i % 11 == 0 ? "a: [\n" : ReportFixtures.CleanPod.Replace("name: clean", $"name: c{f}-{i}"));
            var text = string.Join("\n---\n", docs);
            files.Add(new ScanInput($"f{f}.yaml", () => new MemoryStream(Encoding.UTF8.GetBytes(text))));
        }
        return files;
    }

    private static Scanner Scanner(int jobs) => new(new ScanOptions { Profile = ProfileRegistry.Hardened, MaxParallelism = jobs, Today = ReportFixtures.Today });

    private sealed class RecordingSink : IScanSink
    {
        public List<DocumentOutcome> Outcomes { get; } = new();
        public int Completed { get; private set; }

        public void Add(DocumentOutcome outcome) => Outcomes.Add(outcome);

        public void Complete(IEnumerable<Finding> crossObjectFindings, int fileCount) => Completed++;
    }

    [Fact]
    public void Outcomes_reach_the_sink_in_input_order_whatever_the_parallelism()
    {
        var sink = new RecordingSink();
        Scanner(jobs: 2).Scan(Inputs(), sink);
        var order = sink.Outcomes.SelectMany(o => o.Objects.Select(x => (x.File, x.Line))).ToList();
        Assert.Equal(order.OrderBy(x => x.File, StringComparer.Ordinal).ThenBy(x => x.Line), order);
        Assert.Equal(1, sink.Completed);
        // Per file: 60 documents, of which 11, 22, 33, 44 and 55 are broken YAML (0 is a privileged pod).
        Assert.Equal(4 * (60 - 5), order.Count);
    }

    [Fact]
    public void Streamed_text_is_the_text_of_the_collected_result()
    {
        var options = new ReportOptions { Verbose = true };
        var streamed = new MemoryStream();
        var sink = new TextSink(streamed, options, "hardened", Severity.High);
        Scanner(jobs: 2).Scan(Inputs(), sink);

        var collected = ReportFixtures.Render(new TextReporter(), Scanner(jobs: 1).Scan(Inputs()), options);
        Assert.Equal(collected, Encoding.UTF8.GetString(streamed.ToArray()));
        Assert.Equal(RunOutcome.Incomplete, sink.Outcome);
    }

    [Fact]
    public void Streamed_json_is_the_json_of_the_collected_result()
    {
        var options = new ReportOptions { Verbose = true };
        var streamed = new MemoryStream();
        var sink = ((IStreamingReporter)new JsonReporter()).Open(streamed, options, () => "hardened", Severity.High);
        Scanner(jobs: 2).Scan(Inputs(), sink);

        var collected = ReportFixtures.Render(new JsonReporter(), Scanner(jobs: 1).Scan(Inputs()), options);
        Assert.Equal(collected, Encoding.UTF8.GetString(streamed.ToArray()));
        Assert.Equal(RunOutcome.Incomplete, sink.Outcome);
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("junit")]
    public void Streamed_sarif_and_junit_are_those_of_the_collected_result(string format)
    {
        var options = new ReportOptions { Verbose = true, BaseDirectory = "." };
        var reporter = (IStreamingReporter)ReporterRegistry.Find(format)!;
        var scanner = Scanner(jobs: 2);
        var streamed = new MemoryStream();
        var sink = reporter.Open(streamed, options, () => scanner.ProfileName, Severity.High, rules: () => scanner.ReportedRules);
        scanner.Scan(Inputs(), sink);

        var collected = ReportFixtures.Render(reporter, Scanner(jobs: 1).Scan(Inputs()), options);
        Assert.Equal(collected, Encoding.UTF8.GetString(streamed.ToArray()));
        Assert.Equal(RunOutcome.Incomplete, sink.Outcome);
    }

    [Fact]
    public void Sarif_results_reach_the_stream_before_the_scan_completes()
    {
        var streamed = new MemoryStream();
        var sink = ((IStreamingReporter)new SarifReporter()).Open(streamed, new ReportOptions { FlushEachDocument = true }, () => "hardened", Severity.High);
        var outcome = new DocumentOutcome();
        Scanner(jobs: 1).ScanDocument(InputDocument(ReportFixtures.PrivilegedPod("early")), outcome);

        sink.Add(outcome);

        var written = Encoding.UTF8.GetString(streamed.ToArray());
        Assert.Contains("\"privileged-container\"", written);
        Assert.DoesNotContain("\"summary\"", written);
    }

    [Fact]
    public void Json_findings_reach_the_stream_before_the_scan_completes()
    {
        var streamed = new MemoryStream();
        var sink = ((IStreamingReporter)new JsonReporter()).Open(streamed, new ReportOptions { FlushEachDocument = true }, () => "hardened", Severity.High);
        var outcome = new DocumentOutcome();
        Scanner(jobs: 1).ScanDocument(InputDocument(ReportFixtures.PrivilegedPod("early")), outcome);

        sink.Add(outcome);

        var written = Encoding.UTF8.GetString(streamed.ToArray());
        Assert.Contains("\"privileged-container\"", written);
        Assert.DoesNotContain("\"summary\"", written);
    }

    private static Stockade.Yaml.ParsedDocument InputDocument(string yaml) =>
        Stockade.Yaml.YamlTreeBuilder.Parse(yaml, "early.yaml", 0, 1, Stockade.Yaml.ParseLimits.Default);
}
