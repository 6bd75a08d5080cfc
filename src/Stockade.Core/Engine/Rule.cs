using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>A check with its metadata. Rules are pure: same input, same findings; no state.</summary>
internal abstract class Rule
{
    public abstract RuleMetadata Metadata { get; }

    public string Id => Metadata.Id;

    /// <summary>
    /// Settles a finding the rule reported with <see cref="RuleContext.ReportDepending"/>, given the
    /// bundle's facts (null when the host gathers none, as the webhook): the finding as it holds,
    /// reworded or suppressed, or null when it does not. Called at once when the facts are known,
    /// else once the whole input has been read, so a rule that reads the bundle runs in the same
    /// single pass as every other rule.
    /// </summary>
    public virtual Finding? Settle(Finding draft, BundleDependency dependency, BundleFacts? bundle) => draft;

    /// <summary>Reads back what <see cref="BundleDependency.Write"/> wrote, for a finding a long scan spilled to disk.</summary>
    public virtual BundleDependency ReadDependency(BinaryReader reader) => throw new NotSupportedException($"rule {Id} reports no findings that depend on the bundle");
}

/// <summary>A rule on a pod spec (a Pod or any workload's pod template).</summary>
internal abstract class PodRule : Rule
{
    public abstract void Check(PodSubject pod, RuleContext context);
}

/// <summary>A rule on whole objects of some kinds (RBAC, Namespaces, configuration files…).</summary>
internal abstract class ObjectRule : Rule
{
    public abstract bool AppliesTo(KubeObject obj);

    public abstract void Check(KubeObject obj, RuleContext context);
}

/// <summary>
/// A rule on how a document was written (duplicate keys, merge overrides): called once for each
/// diagnostic the reader raised, with the context of the object the diagnostic sits in.
/// </summary>
internal abstract class DocumentRule : Rule
{
    public abstract void Check(YamlDiagnostic diagnostic, KubeObject obj, RuleContext context);
}
