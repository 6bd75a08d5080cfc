namespace Stockade.Engine;

/// <summary>A source a rule enforces: a Pod Security Standards control, a PSP field, a CIS section…</summary>
/// <param name="Source">Short name of the source: <c>PSS</c>, <c>PSP</c>, <c>CIS</c>, <c>NSA</c>, <c>Kubernetes docs</c>.</param>
/// <param name="Text">What in that source, e.g. <c>baseline: Privileged Containers</c>, <c>privileged</c>, <c>5.2.2</c>.</param>
/// <param name="Url">Where to read it, when there is a stable address.</param>
public sealed record Reference(string Source, string Text, string? Url = null)
{
    /// <summary>The source and the text, e.g. <c>PSS baseline: Privileged Containers</c>.</summary>
    public override string ToString() => $"{Source} {Text}";
}

/// <summary>
/// A field a rule's check reads and the values it lets pass, in the words of upstream's
/// "Restricted Fields / Allowed Values" doc comments.
/// </summary>
/// <param name="Path">The field, e.g. <c>spec.containers[*].securityContext.privileged</c>, or a flag such as <c>--anonymous-auth</c>.</param>
/// <param name="Allowed">The values that pass, e.g. <c>false, undefined/null</c>.</param>
public sealed record FieldRead(string Path, string Allowed);

/// <summary>Everything a user sees about a rule; rule documentation is generated from it.</summary>
public sealed record RuleMetadata
{
    /// <summary>Stable kebab-case id, e.g. <c>privileged-container</c>.</summary>
    public required string Id { get; init; }
    /// <summary>A one-line title.</summary>
    public required string Title { get; init; }
    /// <summary>The default severity (the configuration may override it).</summary>
    public required Severity Severity { get; init; }

    /// <summary>Why it matters: what an attacker gains.</summary>
    public required string Rationale { get; init; }

    /// <summary>What to change, in a sentence or two.</summary>
    public required string Remediation { get; init; }

    /// <summary>A YAML snippet of the fixed shape.</summary>
    public required string RemediationYaml { get; init; }
    /// <summary>The sources the rule enforces.</summary>
    public IReadOnlyList<Reference> References { get; init; } = [];

    /// <summary>Grouping in listings: <c>workload</c>, <c>input</c>, <c>rbac</c>, <c>cluster</c>…</summary>
    public string Category { get; init; } = "workload";

    /// <summary>What the check reads and what passes; rendered as "Fields read / Allowed values".</summary>
    public IReadOnlyList<FieldRead> Fields { get; init; } = [];

    /// <summary>The <c>settings:</c> the check reads; the configuration loader reads these declarations.</summary>
    public IReadOnlyList<RuleParameter> Parameters { get; init; } = [];

    /// <summary>True for rules the default profile leaves on.</summary>
    public bool EnabledByDefault { get; init; } = true;
}
