using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Rules.Rbac;

/// <summary>
/// How the RBAC authorizer matches a request against a policy rule (verbs, API groups, resources
/// with the <c>*/subresource</c> form), which subjects the bootstrap policy grants, and how
/// findings name bindings. What roles and bindings grant is <see cref="RbacPolicy"/>.
/// </summary>
internal static class Rbac
{
    /// <summary>The kinds the RBAC inventory rules read.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" };

    public const string Group = "rbac.authorization.k8s.io";

    /// <summary>The verbs that change objects (RBAC's create, update, patch, delete, deletecollection).</summary>
    public static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public static bool VerbMatches(PolicyRuleSummary rule, string verb) => rule.Verbs.Contains("*") || rule.Verbs.Contains(verb);

    public static bool GroupMatches(PolicyRuleSummary rule, string group) => rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(group);

    /// <summary>As rbac/v1 ResourceMatches: <c>*</c>, the exact resource, or <c>*/sub</c> for any resource's subresource <c>sub</c>.</summary>
    public static bool ResourceMatches(PolicyRuleSummary rule, string resource)
    {
        var slash = resource.IndexOf('/');
        var sub = slash < 0 ? "" : resource[(slash + 1)..];
        foreach (var r in rule.Resources)
        {
            if (r == "*" || r == resource) return true;
            if (sub.Length > 0 && r.Length == sub.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(sub, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>
    /// The verbs of <paramref name="verbs"/> the rule allows on <paramref name="resource"/> in
    /// <paramref name="group"/>, for every object of it. A rule narrowed by <c>resourceNames</c>
    /// reaches only the named objects — the least-privilege form RBAC recommends — so it is not
    /// counted here.
    /// </summary>
    public static List<string> AllowedVerbs(PolicyRuleSummary rule, string group, string resource, params string[] verbs)
    {
        if (rule.ResourceNames.Count > 0 || !GroupMatches(rule, group) || !ResourceMatches(rule, resource)) return [];
        return verbs.Where(v => VerbMatches(rule, v)).ToList();
    }

    /// <summary>A rule that allows every verb on every resource of every group: cluster-admin's rule.</summary>
    public static bool IsAllWildcard(PolicyRuleSummary rule) =>
        rule.Verbs.Contains("*") && rule.Resources.Contains("*") && rule.ApiGroups.Contains("*") && rule.ResourceNames.Count == 0;

    /// <summary>
    /// True when the subject is one the bootstrap policy itself puts in this binding (same kind,
    /// namespace, name and roleRef): what Kubernetes grants its own components is not a finding.
    /// Only the exact bootstrap bindings count, never a <c>system:</c> name or a label anyone can write.
    /// </summary>
    public static bool IsBootstrapSubject(string bindingKind, string? bindingNamespace, string bindingName, BindingSummary binding, SubjectSummary subject) =>
        BootstrapPolicy.Binding(bindingKind, bindingNamespace, bindingName) is { } builtIn
        && builtIn.Binding.RoleKind == binding.RoleKind && builtIn.Binding.RoleName == binding.RoleName
        && builtIn.Binding.Subjects.Any(b => RbacPolicy.SameSubject(b, subject));

    public static bool IsBootstrapSubject(InventoryEntry binding, BindingSummary summary, SubjectSummary subject) =>
        IsBootstrapSubject(binding.Kind, binding.Namespace, binding.Name, summary, subject);

    /// <summary>"bound by RoleBinding "ns/b" to X; …", or that no binding, scanned or built-in, uses it.</summary>
    public static string BoundText(List<BindingView> bindings)
    {
        if (bindings.Count == 0) return "no binding among the scanned objects uses it";
        return "bound " + string.Join("; ", bindings.Select(b => $"by {b.Display} to {Subjects(b.Subjects)}"));
    }

    public static string Subjects(IEnumerable<SubjectSummary> subjects)
    {
        var list = subjects.Select(s => s.ToString()).ToList();
        return list.Count == 0 ? "no subjects" : string.Join(", ", list);
    }

    public static string Qualified(InventoryEntry e) => e.Namespace is { Length: > 0 } ns ? $"{ns}/{e.Name}" : e.Name;

    public static string Verbs(IEnumerable<string> verbs) => string.Join(", ", verbs);
}
