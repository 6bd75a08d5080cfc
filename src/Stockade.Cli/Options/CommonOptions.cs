namespace Stockade.Cli.Options;

/// <summary>Options several commands share with the same meaning, defined once.</summary>
internal static class CommonOptions
{
    public static readonly CliOption Color = CliOption.Value("--color", "WHEN", "auto (default), always, never; NO_COLOR disables colour") with { Completions = ["auto", "always", "never"], Docs = "`auto`: colour only when standard output is a terminal, `NO_COLOR` is unset or empty, and `TERM` is not `dumb`. Default: `auto`." };

    public static readonly CliOption Config = CliOption.Value("--config", "FILE", "use FILE instead of the nearest .stockade.yaml") with { Docs = "Use FILE as the configuration. A missing file is exit code 2. Default: the nearest `.stockade.yaml`." };

    public static readonly CliOption Context = CliOption.Value("--context", "NAME", "kubeconfig context (default: the current context)") with { Docs = "kubeconfig context (default: the current one)." };

    public static readonly CliOption Date = CliOption.Value("--date", "YYYY-MM-DD", "the date exemption expiry is checked against (default: today, UTC)") with { Docs = "The date exemption expiry is checked against, so a CI run can be reproduced later. Default: today (UTC)." };

    public static readonly CliOption FailOn = CliOption.Value("--fail-on", "LEVEL", "low, medium, high (default), critical or none") with { Completions = ["low", "medium", "high", "critical", "none"], Docs = "Unsuppressed findings at or above LEVEL fail their object and make the exit code 1. `none` never fails on findings. Default: `failOn:` in `.stockade.yaml`, else `high`." };

    public static readonly CliOption Format = CliOption.Value("--format", "FORMAT", "text (default), json, sarif, junit, html", "-f") with { Completions = ["text", "json", "sarif", "junit", "html"], Docs = "Report format ([output formats](../output-formats.md)). Default: `text`." };

    public static readonly CliOption Image = CliOption.Value("--image", "IMAGE", "container image (pin it by digest)") with { Docs = "the container image (pin it by digest)" };

    public static readonly CliOption Jobs = CliOption.Value("--jobs", "N", "worker threads (default: one per core)") with { Docs = "Worker threads. Output order does not depend on it. Default: one per core." };

    public static readonly CliOption Namespace = CliOption.Value("--namespace", "NS", "default stockade-system");

    public static readonly CliOption NoConfig = CliOption.Flag("--no-config", "ignore .stockade.yaml files") with { Docs = "Ignore every `.stockade.yaml`: built-in defaults only." };

    public static readonly CliOption ReportOutput = CliOption.Value("--output", "FILE", "write the report to FILE instead of stdout", "-o") with { Docs = "Write the report to FILE: to a temporary file in the same folder, renamed over FILE once complete, so a killed or failed run never leaves a truncated report and leaves a previous one untouched (a device such as `/dev/stdout`, or a named pipe, is written in place). A file that cannot be written (a full disk) is exit code 2, as is a failed write to standard output. With `--color auto` a file gets no colour. Default: standard output." };

    public static readonly CliOption Output = CliOption.Value("--output", "FILE", "write to FILE instead of stdout", "-o");

    public static readonly CliOption PspRequester = CliOption.Value("--psp-requester", "USER", "also the user creating Pods (not workloads: their controller does)");

    public static readonly CliOption PspRequesterGroup = CliOption.Many("--psp-requester-group", "G", "a group of that user (repeatable)");

    public static readonly CliOption Verbose = CliOption.Flag("--verbose", "also show suppressed findings and notes", "-v") with { Docs = "Also show suppressed findings and notes (skipped documents, expired exemptions)." };
}
