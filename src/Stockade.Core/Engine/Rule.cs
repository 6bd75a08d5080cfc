using Stockade.Kube;
using Stockade.Yaml;

namespace Stockade.Engine;

/// <summary>A check with its metadata. Rules are pure: same input, same findings; no state.</summary>
public abstract class Rule
{
    public abstract RuleMetadata Metadata { get; }

    public string Id => Metadata.Id;

    /// <summary>
    /// Whether the rule reads <see cref="RuleContext.Bundle"/> (objects from anywhere in the input:
    /// ServiceAccounts, LimitRanges). A host that reads its input once runs such a rule after the
    /// whole input has been read (<see cref="Deferral"/>).
    /// </summary>
    public virtual bool ReadsBundle => false;
}

/// <summary>A rule on a pod spec (a Pod or any workload's pod template).</summary>
public abstract class PodRule : Rule
{
    public abstract void Check(PodSubject pod, RuleContext context);
}

/// <summary>A rule on whole objects of some kinds (RBAC, Namespaces, configuration files…).</summary>
public abstract class ObjectRule : Rule
{
    public abstract bool AppliesTo(KubeObject obj);

    public abstract void Check(KubeObject obj, RuleContext context);
}

/// <summary>
/// A rule on how a document was written (duplicate keys, merge overrides): called once for each
/// diagnostic the reader raised, with the context of the object the diagnostic sits in.
/// </summary>
public abstract class DocumentRule : Rule
{
    public abstract void Check(YamlDiagnostic diagnostic, KubeObject obj, RuleContext context);
}
