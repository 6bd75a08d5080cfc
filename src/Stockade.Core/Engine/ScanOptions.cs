using Stockade.Config;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>How a <see cref="Scanner"/> scans: the profile, the configuration and the host's choices.</summary>
public sealed record ScanOptions
{
    /// <summary>The rules to apply (<see cref="Profiles.ProfileRegistry.Resolve"/>).</summary>
    public required Profile Profile { get; init; }
    /// <summary>The <c>.stockade.yaml</c> that turns rules on and off, changes severities, sets parameters and exempts objects.</summary>
    public StockadeConfig Config { get; init; } = StockadeConfig.Default;

    /// <summary>Findings at or above this fail an object and the run; null: nothing fails.</summary>
    public Severity? FailOn { get; init; } = Verdicts.DefaultFailOn;
    /// <summary>Bounds on each input document (size, depth, alias expansion).</summary>
    public ParseLimits Limits { get; init; } = ParseLimits.Default;

    /// <summary>
    /// The date exemptions' expiry is compared with: the core reads no clock, so the host gives it
    /// (<c>--date</c>, else <see cref="Config.Exemption.Today"/> of its <see cref="TimeProvider"/>).
    /// </summary>
    public required DateOnly Today { get; init; }

    /// <summary>
    /// Where the objects come from. At <see cref="ScanOrigin.Admission"/> the object's annotations
    /// are its author's: a <c>kubernetes.io/config.mirror</c> annotation relaxes only what the API
    /// server enforces on mirror pods (no service-account token), and no file path makes a pod static.
    /// </summary>
    internal ScanOrigin Origin { get; init; } = ScanOrigin.Manifests;

    /// <summary>
    /// ServiceAccounts and LimitRanges of the whole bundle, gathered before the scan
    /// (listed by a live audit); null when the host did not gather them, and rules then
    /// say what depends on objects they did not see.
    /// </summary>
    internal BundleFacts? Bundle { get; init; }

    /// <summary>
    /// The bundle facts are the input's own ServiceAccounts and LimitRanges (instead of
    /// <see cref="Bundle"/>): they are gathered as the documents are read, and the findings that
    /// depend on them are held, small, and settled once the last document is read.
    /// </summary>
    public bool BundleFromInput { get; init; }

    /// <summary>
    /// Where findings held until the bundle is known go once there are many (a temporary file the
    /// host opens, read back once at the end); null keeps them in memory.
    /// </summary>
    public Func<Stream>? SpillStream { get; init; }

    /// <summary>Which <c>exempt.stockade.dev</c> annotations are honoured (the configuration may refuse them all).</summary>
    internal AnnotationTrust AnnotationExemptions { get; init; } = AnnotationTrust.Everywhere;

    /// <summary>Worker threads; by default one per core.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Where documents wait when the profile's <see cref="Profile.Needs"/> can add rules after the
    /// read (the host's bounded temporary file); null keeps none, and rules added after the read
    /// are then reported as not run.
    /// </summary>
    internal IDocumentSpool? Spool { get; init; }

    /// <summary>The rules a report lists for <paramref name="applied"/>: those the configuration enables, at the severity it gives them.</summary>
    public IReadOnlyList<RuleMetadata> RulesReported(Profile applied) =>
        applied.Rules.Where(Config.IsEnabled).Select(r => r.Metadata with { Severity = Config.SeverityOf(r) }).ToList();

    /// <summary>
    /// Whether unknown and duplicate fields of built-in kinds are errors, notes or not checked
    /// (<c>--validate</c>). Ignore by default: the webhook and a live audit read what the API server
    /// has already decoded; the CLI's manifest commands choose Strict, as kubectl apply does.
    /// </summary>
    public Kube.Schema.FieldValidation FieldValidation { get; init; } = Kube.Schema.FieldValidation.Ignore;

    /// <summary>The findings accepted when the repository adopted Stockade; they are suppressed as <see cref="SuppressionKind.Baselined"/>. Null: none.</summary>
    internal Baselines.Baseline? Baseline { get; init; }
}

/// <summary>A named input: a file, or standard input. <see cref="Open"/> is called once.</summary>
public sealed record ScanInput(string Name, Func<Stream> Open)
{
    /// <summary>True for standard input, pipes, FIFOs and devices: read as the data arrives, never twice.</summary>
    public bool IsStream { get; init; }

    /// <summary>
    /// A file under a Helm chart's <c>templates/</c> (the host saw the chart's <c>Chart.yaml</c>):
    /// template syntax in it is reported as an unrendered template, even where it happens to parse.
    /// </summary>
    public bool InHelmChart { get; init; }
}
