namespace Stockade.Engine;

/// <summary>
/// What a finding depends on among the bundle's objects (a ServiceAccount by namespace and name,
/// a LimitRange default by namespace, resource and list): the finding is drafted while its
/// document is read, and settled by <see cref="Rule.Settle"/> once the bundle facts are known.
/// Each rule defines its own small record — plain values, never the subject or its tree, because
/// a scan keeps every such finding until the end of the read.
/// </summary>
internal abstract record BundleDependency
{
    /// <summary>Writes the record for a spilled finding; the rule's <see cref="Rule.ReadDependency"/> reads it back.</summary>
    public abstract void Write(BinaryWriter writer);
}

/// <summary>A finding drafted before the bundle was known, with the rule that settles it and what it depends on.</summary>
internal sealed record DependentFinding(Rule Rule, Finding Draft, BundleDependency Dependency)
{
    /// <summary>The finding as the bundle decides it: kept, reworded, suppressed, or null when it does not hold.</summary>
    public Finding? Settle(BundleFacts? bundle) => Rule.Settle(Draft, Dependency, bundle);
}

internal static class DependentFindings
{
    /// <summary>
    /// Suppressed because the API server will itself fix what the finding is about (a LimitRange
    /// default), with <paramref name="reason"/>; an exemption that already suppressed it keeps its reason.
    /// </summary>
    public static Finding DefaultedAtAdmission(this Finding finding, string reason) =>
        finding.Suppressed ? finding : finding with { Suppressed = true, SuppressionReason = reason };
}
