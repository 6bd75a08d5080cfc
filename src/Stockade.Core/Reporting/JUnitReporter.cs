using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Reporting;

/// <summary>
/// JUnit XML as CI dashboards (GitLab, Jenkins, Azure Pipelines) read it: a test suite per file,
/// a test case per object that fails when the object's verdict is fail, and a test case with an
/// error per problem that kept an input from being read. Text from the manifests is
/// <see cref="SafeText.Xml"/>: XML 1.0 cannot carry most control characters even escaped.
/// Gathered by <see cref="JUnitSink"/> while the scan runs, or from a result.
/// </summary>
public sealed class JUnitReporter : IStreamingReporter
{
    /// <inheritdoc/>
    public string Format => "junit";

    IReportSink IStreamingReporter.Open(Stream output, ReportOptions options, Func<string> profileName, Severity? failOn, Baselines.Baseline? baseline,
        Func<IReadOnlyList<RuleMetadata>>? rules) => new JUnitSink(output, failOn);

    /// <inheritdoc/>
    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        // A collected result's verdicts are settled and its findings in report order: one outcome, nothing late.
        var sink = new JUnitSink(output, result.FailOn);
        sink.Add(DocumentOutcome.Of(result));
        sink.Complete([], result.FileCount);
    }

    /// <summary><c>Kind/namespace/name</c>, the namespace left out when the object has none.</summary>
    internal static string CaseName(ObjectRef o) => o.ToString();
}
