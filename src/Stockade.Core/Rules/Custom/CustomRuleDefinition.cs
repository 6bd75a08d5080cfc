using Stockade.Engine;
using Stockade.Vap;
using Stockade.Yaml;

namespace Stockade.Rules.Custom;

/// <summary>What a custom rule's expression sees as <c>object</c>.</summary>
internal enum CustomRuleTarget
{
    /// <summary>The whole matched object.</summary>
    Object,

    /// <summary>The pod of a Pod, or the pod template of any workload (as a Pod: <c>metadata</c> and <c>spec</c>); the whole object is <c>workload</c>.</summary>
    PodTemplate,
}

/// <summary>
/// One entry of <c>customRules:</c> in <c>.stockade.yaml</c>, its CEL compiled: a rule of the
/// organisation's own, reported as <c>custom:ID</c> like a built-in rule.
/// </summary>
internal sealed record CustomRuleDefinition
{
    /// <summary>The prefix of every custom rule's id, so no custom rule can clash with a built-in or a <c>vap:</c> one.</summary>
    public const string Prefix = "custom:";

    /// <summary>The id as written (<c>team-label</c>); the rule's id is <see cref="RuleId"/>.</summary>
    public required string Name { get; init; }

    public string RuleId => Prefix + Name;
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public string? Description { get; init; }
    public string? Remediation { get; init; }
    public required CustomRuleMatch Match { get; init; }
    public required CustomRuleTarget Target { get; init; }
    public required VapExpression Expression { get; init; }
    public string? Message { get; init; }
    public VapExpression? MessageExpression { get; init; }

    /// <summary>Where the rule is written: the configuration file and the entry's position.</summary>
    public required string File { get; init; }
    public required SourcePosition Position { get; init; }

    public string Location => $"{File}:{Position}";
}
