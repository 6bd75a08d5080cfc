using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stockade.Engine;

namespace Stockade.Reporting;

/// <summary>
/// SARIF 2.1.0, as GitHub code scanning, Azure DevOps and IDE viewers read it: one run, the
/// profile's rules with their documentation, one result per finding (suppressed ones carry their
/// exemption), and unreadable inputs as tool execution notifications. Written by
/// <see cref="SarifSink"/>, while the scan runs or from a result.
/// </summary>
public sealed class SarifReporter : IStreamingReporter
{
    internal const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>The partialFingerprints key; bump the version if the hashed fields ever change.</summary>
    internal const string FingerprintKey = "stockade/v1";

    /// <inheritdoc/>
    public string Format => "sarif";

    IReportSink IStreamingReporter.Open(Stream output, ReportOptions options, Func<string> profileName, Severity? failOn, Baselines.Baseline? baseline,
        Func<IReadOnlyList<RuleMetadata>>? rules)
        => new SarifSink(output, options, profileName, failOn, rules ?? (() => []), baseline == null ? null : baseline.Unmatched);

    /// <inheritdoc/>
    public void Write(ScanResult result, Stream output, ReportOptions options)
    {
        // A collected result's verdicts are settled and its findings in report order: one outcome, nothing late.
        var sink = new SarifSink(output, options, () => result.ProfileName, result.FailOn, () => result.Rules, result.Baseline == null ? null : () => result.BaselineFixed);
        sink.Add(DocumentOutcome.Of(result));
        sink.Complete([], result.FileCount);
    }

    /// <summary>GitHub code scanning ranks alerts by this score (critical above 9.0, high from 7.0, medium from 4.0).</summary>
    internal static string SecuritySeverity(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };

    internal static string Level(Severity s) => s switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    internal static string HelpUri(string ruleId) => $"{ToolInfo.InformationUri}/blob/main/docs/rules/{ruleId}.md";

    /// <summary>
    /// Stable across runs while the rule, file, object and field stay the same, whatever lines
    /// are added above: what code scanning needs to keep one alert per problem.
    /// </summary>
    internal static string Fingerprint(Finding f, string artifactUri)
    {
        var key = string.Join('\n', f.Rule, artifactUri, f.Object.ApiVersion, f.Object.Kind, f.Object.Namespace ?? "", f.Object.Name ?? "", f.Path);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary><c>privileged-container</c> → <c>PrivilegedContainer</c>, SARIF's convention for rule names.</summary>
    internal static string PascalCase(string id) =>
        string.Concat(id.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
}
