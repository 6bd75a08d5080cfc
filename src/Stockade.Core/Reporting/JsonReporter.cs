using Stockade.Baselines;
using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>
/// The JSON contract documented in docs/output-formats.md. Fields are only ever added, never
/// renamed or removed. Written by <see cref="JsonSink"/>, while the scan runs or from a result.
/// </summary>
public sealed class JsonReporter : IStreamingReporter
{
    /// <inheritdoc/>
    public string Format => "json";

    IReportSink IStreamingReporter.Open(Stream output, ReportOptions options, Func<string> profileName, Severity? failOn, Baseline? baseline, Func<IReadOnlyList<RuleMetadata>>? rules)
        => new JsonSink(output, options, profileName, failOn, baseline == null ? null : baseline.Unmatched, baseline?.Origin);

    /// <inheritdoc/>
    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        // A collected result's verdicts are settled and its findings in report order: one outcome, nothing late.
        var sink = new JsonSink(output, options, () => result.ProfileName, result.FailOn, result.Baseline == null ? null : () => result.BaselineFixed, result.Baseline);
        sink.Add(DocumentOutcome.Of(result));
        sink.Complete([], result.FileCount);
    }
}
