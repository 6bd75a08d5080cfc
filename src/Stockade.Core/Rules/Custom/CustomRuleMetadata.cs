using Stockade.Engine;

namespace Stockade.Rules.Custom;

/// <summary>A custom rule's metadata, so <c>stockade rules</c>, <c>explain</c> and every report show it as they show a built-in rule.</summary>
internal static class CustomRuleMetadata
{
    public const string Category = "custom";

    public static RuleMetadata Of(CustomRuleDefinition d) => new()
    {
        Id = d.RuleId,
        Title = d.Title,
        Severity = d.Severity,
        Category = Category,
        Rationale = (d.Description is { Length: > 0 } text ? text.TrimEnd() + "\n\n" : "")
            + $"A custom rule of this repository, defined at {d.Location}: it judges {Judged(d)}, and passes when its CEL expression is true.",
        Remediation = d.Remediation is { Length: > 0 } r ? r.TrimEnd() : $"Change the object so that the expression holds{(d.Message is { Length: > 0 } m ? $" ({m})" : "")}.",
        RemediationYaml = $"# {Subject(d)} must satisfy:\n# {string.Join("\n# ", d.Expression.Text.Trim().Split('\n'))}",
        Fields = [new FieldRead(d.Target == CustomRuleTarget.PodTemplate ? "pod template (object.metadata, object.spec; workload)" : "object", "CEL: " + string.Join(" ", d.Expression.Text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))],
    };

    private static string Subject(CustomRuleDefinition d) => d.Target == CustomRuleTarget.PodTemplate ? "the pod (template)" : "the object";

    private static string Judged(CustomRuleDefinition d)
    {
        var kinds = d.Match.Kinds.Count == 0 || d.Match.Kinds.Contains("*") ? null : string.Join(", ", d.Match.Kinds);
        var what = d.Target == CustomRuleTarget.PodTemplate
            ? $"the pod template of {(kinds ?? "every workload kind")} (a Pod itself, or any controller's template)"
            : $"objects of kind {kinds ?? "any"}";
        if (d.Match.ApiGroups.Count > 0) what += $" in API group {string.Join(", ", d.Match.ApiGroups.Select(g => g.Length == 0 ? "\"\" (core)" : g))}";
        if (d.Match.Namespaces.Count > 0) what += $" in namespace {string.Join(", ", d.Match.Namespaces)}";
        if (!d.Match.Selector.IsEverything) what += " with matching labels";
        return what;
    }
}
