using Stockade.Engine;

namespace Stockade.Config;

/// <summary>A rule's setting in the configuration file.</summary>
internal sealed record RuleToggle(bool? Enabled, Severity? Severity);

/// <summary>One <c>exclude:</c> glob and the line it is written on.</summary>
internal sealed record ConfigExclude(string Glob, int Line);

/// <summary>The contents of <c>.stockade.yaml</c>.</summary>
public sealed class StockadeConfig
{
    /// <summary>Where the configuration came from, or null for the built-in defaults.</summary>
    public string? File { get; init; }
    /// <summary><c>profile</c>: the profile the CLI applies when <c>--profile</c> is not given; null when the file does not say.</summary>
    public string? Profile { get; init; }
    /// <summary><c>failOn</c>: findings at or above this severity fail the run; null when the file does not say.</summary>
    public Severity? FailOn { get; init; }
    /// <summary><c>failOn: none</c>: no finding fails the run.</summary>
    public bool FailOnNone { get; init; }
    internal IReadOnlyDictionary<string, RuleToggle> Rules { get; init; } = new Dictionary<string, RuleToggle>();
    internal RuleSettings Settings { get; init; } = RuleSettings.Default;
    internal IReadOnlyList<Exemption> Exemptions { get; init; } = [];

    /// <summary><c>annotationExemptions</c>: false refuses every <c>exempt.stockade.dev</c> annotation (a repository taking outside contributions).</summary>
    public bool AnnotationExemptions { get; init; } = true;

    /// <summary><c>exclude</c>: globs of paths not to scan, relative to the configuration file's folder (the CLI applies them).</summary>
    internal IReadOnlyList<ConfigExclude> Exclude { get; init; } = [];

    /// <summary><c>baseline</c>: the baseline file, resolved against the configuration file's folder; null for none.</summary>
    public string? Baseline { get; init; }

    /// <summary><c>customRules:</c>, compiled; they join the profile of every command that reads the configuration (<see cref="Rules.Custom.CustomRules.Join"/>).</summary>
    internal IReadOnlyList<Rules.Custom.CustomRuleDefinition> CustomRules { get; init; } = [];

    /// <summary>The built-in defaults: every rule of the profile at its own severity, no exemptions.</summary>
    public static readonly StockadeConfig Default = new();

    /// <summary>The severity a rule reports at, after overrides.</summary>
    internal Severity SeverityOf(Rule rule) => Rules.TryGetValue(rule.Id, out var t) && t.Severity is { } s ? s : rule.Metadata.Severity;

    /// <summary>Whether a rule of the profile runs.</summary>
    internal bool IsEnabled(Rule rule) => Rules.TryGetValue(rule.Id, out var t) && t.Enabled is { } e ? e : true;
}
