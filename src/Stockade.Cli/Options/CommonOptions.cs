namespace Stockade.Cli.Options;

/// <summary>Options several commands share with the same meaning, defined once.</summary>
internal static class CommonOptions
{
    public static readonly CliOption Color = CliOption.Value("--color", "WHEN", "auto (default), always, never; NO_COLOR disables colour") with { Completions = ["auto", "always", "never"] };

    public static readonly CliOption Config = CliOption.Value("--config", "FILE", "use FILE instead of the nearest .stockade.yaml");

    public static readonly CliOption Context = CliOption.Value("--context", "NAME", "kubeconfig context (default: the current context)");

    public static readonly CliOption Date = CliOption.Value("--date", "YYYY-MM-DD", "the date exemption expiry is checked against (default: today, UTC)");

    public static readonly CliOption FailOn = CliOption.Value("--fail-on", "LEVEL", "low, medium, high (default), critical or none") with { Completions = ["low", "medium", "high", "critical", "none"] };

    public static readonly CliOption Format = CliOption.Value("--format", "FORMAT", "text (default), json, sarif, junit, html", "-f") with { Completions = ["text", "json", "sarif", "junit", "html"] };

    public static readonly CliOption Image = CliOption.Value("--image", "IMAGE", "container image (pin it by digest)");

    public static readonly CliOption Jobs = CliOption.Value("--jobs", "N", "worker threads (default: one per core)");

    public static readonly CliOption Namespace = CliOption.Value("--namespace", "NS", "default stockade-system");

    public static readonly CliOption NoConfig = CliOption.Flag("--no-config", "ignore .stockade.yaml files");

    public static readonly CliOption ReportOutput = CliOption.Value("--output", "FILE", "write the report to FILE instead of stdout", "-o");

    public static readonly CliOption Output = CliOption.Value("--output", "FILE", "write to FILE instead of stdout", "-o");

    public static readonly CliOption PspRequester = CliOption.Value("--psp-requester", "USER", "also the user creating Pods (not workloads: their controller does)");

    public static readonly CliOption PspRequesterGroup = CliOption.Many("--psp-requester-group", "G", "a group of that user (repeatable)");

    public static readonly CliOption Verbose = CliOption.Flag("--verbose", "also show suppressed findings and notes", "-v");
}
