using System.Runtime.CompilerServices;
using Stockade.Cel.Values;

namespace Stockade.Yaml;

/// <summary>
/// The CEL value of a YAML subtree (untyped, as the admission path's dyn), made once per node
/// however many custom rules and ValidatingAdmissionPolicies read it: converting the tree is most
/// of what evaluating an expression over an object costs.
/// </summary>
internal static class CelTree
{
    private static readonly ConditionalWeakTable<YNode, object> Values = new();

    public static object ValueOf(YNode node) => Values.GetValue(node, n => CelJson.FromNode(TreeJson.From(n)));
}
