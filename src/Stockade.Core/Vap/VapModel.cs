using Stockade.Cel;
using Stockade.Yaml;

namespace Stockade.Vap;

/// <summary>A compiled CEL expression of a policy, with where it was written.</summary>
internal sealed record VapExpression(string Text, SourcePosition Position, CelProgram Program);

internal sealed record VapValidation(VapExpression Expression, string? Message, VapExpression? MessageExpression, string? Reason);

internal sealed record VapVariable(string Name, VapExpression Expression);

internal sealed record VapMatchCondition(string Name, VapExpression Expression);

internal sealed record VapAuditAnnotation(string Key, VapExpression ValueExpression);

/// <summary>One entry of <c>resourceRules</c> / <c>excludeResourceRules</c>.</summary>
internal sealed record VapResourceRule(
    IReadOnlyList<string> ApiGroups, IReadOnlyList<string> ApiVersions, IReadOnlyList<string> Resources,
    IReadOnlyList<string> Operations, IReadOnlyList<string> ResourceNames);

/// <summary>A metav1.LabelSelector; an absent selector is <see cref="Everything"/>.</summary>
internal sealed record VapLabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<VapSelectorRequirement> MatchExpressions)
{
    public static readonly VapLabelSelector Everything = new(new Dictionary<string, string>(), []);

    public bool IsEverything => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value) && MatchExpressions.All(r => r.Matches(labels));
}

internal sealed record VapSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
    {
        "In" => labels.TryGetValue(Key, out var v) && Values.Contains(v),
        "NotIn" => !labels.TryGetValue(Key, out var v) || !Values.Contains(v),
        "Exists" => labels.ContainsKey(Key),
        _ => !labels.ContainsKey(Key), // DoesNotExist; other operators are rejected by validation
    };
}

/// <summary><c>matchConstraints</c> of a policy or <c>matchResources</c> of a binding.</summary>
internal sealed record VapMatchResources(
    VapLabelSelector NamespaceSelector, VapLabelSelector ObjectSelector,
    IReadOnlyList<VapResourceRule> ResourceRules, IReadOnlyList<VapResourceRule> ExcludeResourceRules, bool Equivalent);

internal sealed record VapParamKind(string ApiVersion, string Kind);

internal sealed record VapParamRef(string? Name, string? Namespace, VapLabelSelector? Selector, bool DenyWhenNotFound);

[Flags]
internal enum VapActions
{
    None = 0,
    Deny = 1,
    Warn = 2,
    Audit = 4,
}

/// <summary>A ValidatingAdmissionPolicy as the API server stores it, every expression compiled.</summary>
internal sealed record VapPolicy
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required SourcePosition Position { get; init; }
    public VapParamKind? ParamKind { get; init; }
    public required VapMatchResources MatchConstraints { get; init; }
    public IReadOnlyList<VapMatchCondition> MatchConditions { get; init; } = [];
    public IReadOnlyList<VapVariable> Variables { get; init; } = [];
    public IReadOnlyList<VapValidation> Validations { get; init; } = [];
    public IReadOnlyList<VapAuditAnnotation> AuditAnnotations { get; init; } = [];

    /// <summary><c>failurePolicy: Fail</c> (the default): an evaluation error denies.</summary>
    public bool FailClosed { get; init; } = true;

    /// <summary>The type checker's warnings (the API server's <c>status.typeChecking</c>): never a rejection.</summary>
    internal IReadOnlyList<VapTypeWarning> TypeWarnings { get; init; } = [];

    public string Location => $"{File}:{Position}";

    /// <summary>Every expression of the policy: match conditions, variables, validations and their messages, audit annotations.</summary>
    public IEnumerable<VapExpression> Expressions =>
        MatchConditions.Select(c => c.Expression).Concat(Variables.Select(v => v.Expression))
            .Concat(Validations.SelectMany(v => v.MessageExpression is { } m ? [v.Expression, m] : new[] { v.Expression }))
            .Concat(AuditAnnotations.Select(a => a.ValueExpression));

    /// <summary>Whether an expression names <c>namespaceObject</c> (from the text: what a note is for, never a verdict).</summary>
    public bool ReadsNamespaceObject => _readsNamespaceObject ??= Expressions.Any(e => e.Text.Contains("namespaceObject", StringComparison.Ordinal));

    private bool? _readsNamespaceObject;
}

/// <summary>A ValidatingAdmissionPolicyBinding.</summary>
internal sealed record VapBinding
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required SourcePosition Position { get; init; }
    public required string PolicyName { get; init; }
    public VapParamRef? ParamRef { get; init; }
    public VapMatchResources? MatchResources { get; init; }
    public required VapActions Actions { get; init; }
}
