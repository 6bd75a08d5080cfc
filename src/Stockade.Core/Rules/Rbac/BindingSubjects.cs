using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Rbac;

/// <summary>Reads the subjects of a RoleBinding or ClusterRoleBinding for the rules that look at one binding alone.</summary>
internal static class BindingSubjects
{
    public static bool IsBinding(KubeObject obj) => obj.Kind is "RoleBinding" or "ClusterRoleBinding" && obj.Group == Rbac.Group;

    public static BindingSummary Read(KubeObject obj) => (BindingSummary)InventorySummaries.Of(obj, null)!;

    /// <summary>How a finding names the binding and its role: <c>ClusterRoleBinding "x" (ClusterRole "view")</c>.</summary>
    public static string Describe(KubeObject obj, BindingSummary binding)
    {
        var name = obj.Namespace.IsSet ? $"{obj.Namespace.Value}/{obj.Name.Value}" : obj.Name.Value;
        return $"{obj.Kind} \"{name}\" binds {binding.RoleKind} \"{binding.RoleName}\"";
    }

    /// <summary>The binding's subjects but those the bootstrap policy itself puts in a binding of that exact name and roleRef.</summary>
    public static IEnumerable<SubjectSummary> Added(KubeObject obj, BindingSummary binding) =>
        binding.Subjects.Where(s => !Rbac.IsBootstrapSubject(obj.Kind, obj.Namespace.IsSet ? obj.Namespace.Value : null, obj.Name.Value ?? "", binding, s));
}
