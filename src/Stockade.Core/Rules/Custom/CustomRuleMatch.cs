using Stockade.Kube;
using Stockade.Vap;

namespace Stockade.Rules.Custom;

/// <summary>
/// Which objects a custom rule judges: by kind (<c>*</c> for any), optionally by API group,
/// namespace and a label selector on the object's own labels. Each list left empty matches everything;
/// an object written without a namespace is judged by a rule with a namespace list, since
/// where it will be applied is not known (<c>kubectl apply -n</c>): never a silent pass.
/// </summary>
internal sealed record CustomRuleMatch(IReadOnlyList<string> Kinds, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Namespaces, VapLabelSelector Selector)
{
    public bool Matches(KubeObject obj)
    {
        if (Kinds.Count > 0 && !Kinds.Contains("*") && !Kinds.Contains(obj.Kind)) return false;
        if (ApiGroups.Count > 0 && !ApiGroups.Contains("*") && !ApiGroups.Contains(obj.Group)) return false;
        if (Namespaces.Count > 0 && obj.Namespace.IsSet && !Namespaces.Contains(obj.Namespace.Value!)) return false;
        return Selector.IsEverything || Selector.Matches(obj.Labels.ToDictionary(l => l.Key, l => l.Value.Value ?? "", StringComparer.Ordinal));
    }
}
