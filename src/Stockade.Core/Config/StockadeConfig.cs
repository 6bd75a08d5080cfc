using Stockade.Engine;

namespace Stockade.Config;

/// <summary>A rule's setting in the configuration file.</summary>
public sealed record RuleToggle(bool? Enabled, Severity? Severity);

/// <summary>One <c>exclude:</c> glob and the line it is written on.</summary>
public sealed record ConfigExclude(string Glob, int Line);

/// <summary>The contents of <c>.stockade.yaml</c>.</summary>
public sealed class StockadeConfig
{
    /// <summary>Where the configuration came from, or null for the built-in defaults.</summary>
    public string? File { get; init; }
    public string? Profile { get; init; }
    public Severity? FailOn { get; init; }
    public bool FailOnNone { get; init; }
    public IReadOnlyDictionary<string, RuleToggle> Rules { get; init; } = new Dictionary<string, RuleToggle>();
    public RuleSettings Settings { get; init; } = RuleSettings.Default;
    public IReadOnlyList<Exemption> Exemptions { get; init; } = [];

    /// <summary><c>annotationExemptions</c>: false refuses every <c>exempt.stockade.dev</c> annotation (a repository taking outside contributions).</summary>
    public bool AnnotationExemptions { get; init; } = true;

    /// <summary><c>exclude</c>: globs of paths not to scan, relative to the configuration file's folder (the CLI applies them).</summary>
    public IReadOnlyList<ConfigExclude> Exclude { get; init; } = [];

    /// <summary><c>baseline</c>: the baseline file, resolved against the configuration file's folder; null for none.</summary>
    public string? Baseline { get; init; }

    /// <summary><c>customRules:</c>, compiled; they join the profile of every command that reads the configuration (<see cref="Rules.Custom.CustomRules.Join"/>).</summary>
    internal IReadOnlyList<Rules.Custom.CustomRuleDefinition> CustomRules { get; init; } = [];

    public static readonly StockadeConfig Default = new();

    /// <summary>The severity a rule reports at, after overrides.</summary>
    public Severity SeverityOf(Rule rule) => Rules.TryGetValue(rule.Id, out var t) && t.Severity is { } s ? s : rule.Metadata.Severity;

    /// <summary>Whether a rule of the profile runs.</summary>
    public bool IsEnabled(Rule rule) => Rules.TryGetValue(rule.Id, out var t) && t.Enabled is { } e ? e : true;
}
