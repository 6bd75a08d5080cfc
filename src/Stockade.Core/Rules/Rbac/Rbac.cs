using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Rules.Rbac;

/// <summary>
/// How the RBAC authorizer matches a request against a policy rule (verbs, API groups, resources
/// with the <c>*/subresource</c> form), the built-in roles known by name, and which bindings
/// refer to which roles.
/// </summary>
public static class Rbac
{
    public const string Group = "rbac.authorization.k8s.io";

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

    /// <summary>A role or binding Kubernetes creates and reconciles itself (the API server's bootstrap policy).</summary>
    public static bool IsSystemManaged(InventoryEntry entry) =>
        entry.Labels.TryGetValue("kubernetes.io/bootstrapping", out var v) && v == "rbac-defaults"
        || (entry.Ref.Name ?? "").StartsWith("system:", StringComparison.Ordinal)
        || entry.Kind == "ClusterRole" && BuiltInClusterRoles.ContainsKey(entry.Name);

    /// <summary>User and Group names the API server reserves for itself.</summary>
    public static bool IsSystemSubject(SubjectSummary s) => s.Kind is "User" or "Group" && s.Name.StartsWith("system:", StringComparison.Ordinal);

    // Declared before the roles below: static fields initialise in textual order.
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "update", "patch", "delete", "deletecollection"];

    /// <summary>The user-facing built-in ClusterRoles (bootstrap policy of Kubernetes 1.30), as far as the rules here look at them.</summary>
    public static readonly IReadOnlyDictionary<string, RoleSummary> BuiltInClusterRoles = new Dictionary<string, RoleSummary>(StringComparer.Ordinal)
    {
        ["cluster-admin"] = new([R(["*"], ["*"], ["*"]), new PolicyRuleSummary(["*"], [], [], [], ["*"], SourcePosition.Unknown, "")]),
        ["edit"] = new(EditRules()),
        ["admin"] = new([.. EditRules(), R(Read.Concat(Write).ToArray(), [Group], ["roles", "rolebindings"]), R(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"])]),
        ["view"] = new([R(Read, [""], ["pods", "replicationcontrollers", "services", "endpoints", "persistentvolumeclaims", "configmaps", "serviceaccounts", "events", "namespaces", "limitranges", "resourcequotas"]),
            R(Read, ["apps"], ["deployments", "replicasets", "statefulsets", "daemonsets"]), R(Read, ["batch"], ["jobs", "cronjobs"])]),
    };

    private static List<PolicyRuleSummary> EditRules() =>
    [
        R(Read, [""], ["pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy"]),
        R(["impersonate"], [""], ["serviceaccounts"]),
        R(Write, [""], ["pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward"]),
        R(["create"], [""], ["pods/eviction"]),
        R(Write, [""], ["replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/proxy", "persistentvolumeclaims", "configmaps", "secrets", "events"]),
        R(["create"], [""], ["serviceaccounts/token"]),
        R(Write, ["apps"], ["statefulsets", "statefulsets/scale", "daemonsets", "deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale"]),
        R(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
        R(Write, ["batch"], ["jobs", "cronjobs"]),
        R(Write, ["networking.k8s.io"], ["networkpolicies", "ingresses"]),
        R(Write, ["policy"], ["poddisruptionbudgets"]),
    ];

    private static PolicyRuleSummary R(string[] verbs, string[] groups, string[] resources) => new(verbs, groups, resources, [], [], SourcePosition.Unknown, "");

    /// <summary>The bindings of the scan that refer to a scanned Role or ClusterRole.</summary>
    public static List<(InventoryEntry Entry, BindingSummary Binding)> BindingsOf(Inventory inventory, InventoryEntry role) =>
        Index.GetValue(inventory, Build).BindingsOf(role);

    /// <summary>The rules of the role a binding refers to: a scanned role first, else a built-in ClusterRole; null when unknown.</summary>
    public static RoleSummary? ResolveRole(Inventory inventory, InventoryEntry bindingEntry, BindingSummary binding) =>
        Index.GetValue(inventory, Build).Resolve(bindingEntry, binding);

    // Built once per scan and shared by every RBAC rule, so resolving is a lookup, not a scan of every role.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Inventory, RoleIndex> Index = new();

    private static RoleIndex Build(Inventory inventory) => new(inventory);

    /// <summary>Roles by (kind, namespace, name) and bindings by the role they refer to.</summary>
    private sealed class RoleIndex
    {
        private readonly Dictionary<(string Kind, string Namespace, string Name), RoleSummary> _roles = new();
        private readonly Dictionary<(string Kind, string Namespace, string Name), List<(InventoryEntry, BindingSummary)>> _bindings = new();

        public RoleIndex(Inventory inventory)
        {
            foreach (var (entry, role) in inventory.With<RoleSummary>())
            {
                _roles.TryAdd(KeyOf(entry.Kind, entry.Kind == "ClusterRole" ? "" : entry.Namespace, entry.Name), role);
            }
            foreach (var (entry, binding) in inventory.With<BindingSummary>())
            {
                var key = RoleKey(entry, binding);
                if (!_bindings.TryGetValue(key, out var list)) _bindings[key] = list = new();
                list.Add((entry, binding));
            }
        }

        private static (string, string, string) KeyOf(string kind, string? ns, string name) => (kind, ns ?? "", name);

        // A binding's Role is in the binding's namespace; a ClusterRole has none.
        private static (string, string, string) RoleKey(InventoryEntry binding, BindingSummary b) =>
            KeyOf(b.RoleKind, b.RoleKind == "Role" ? binding.Namespace : "", b.RoleName);

        public List<(InventoryEntry, BindingSummary)> BindingsOf(InventoryEntry role)
        {
            var found = _bindings.TryGetValue(KeyOf(role.Kind, role.Kind == "ClusterRole" ? "" : role.Namespace, role.Name), out var list) ? list : [];
            // A ClusterRoleBinding cannot refer to a Role.
            return role.Kind == "Role" ? found.Where(b => b.Item1.Kind == "RoleBinding").ToList() : found;
        }

        public RoleSummary? Resolve(InventoryEntry bindingEntry, BindingSummary binding)
        {
            if (binding.RoleKind == "Role" && bindingEntry.Kind != "RoleBinding") return null;
            if (_roles.TryGetValue(RoleKey(bindingEntry, binding), out var role)) return role;
            return binding.RoleKind == "ClusterRole" && BuiltInClusterRoles.TryGetValue(binding.RoleName, out var builtIn) ? builtIn : null;
        }
    }

    /// <summary>"bound to X by RoleBinding ns/b; …" or that no scanned binding uses it.</summary>
    public static string BoundText(List<(InventoryEntry Entry, BindingSummary Binding)> bindings)
    {
        if (bindings.Count == 0) return "no binding among the scanned objects uses it";
        return "bound " + string.Join("; ", bindings.Select(b =>
            $"by {b.Entry.Kind} \"{Qualified(b.Entry)}\" to {Subjects(b.Binding.Subjects)}"));
    }

    public static string Subjects(IEnumerable<SubjectSummary> subjects)
    {
        var list = subjects.Select(s => s.ToString()).ToList();
        return list.Count == 0 ? "no subjects" : string.Join(", ", list);
    }

    public static string Qualified(InventoryEntry e) => e.Namespace is { Length: > 0 } ns ? $"{ns}/{e.Name}" : e.Name;

    public static string Verbs(IEnumerable<string> verbs) => string.Join(", ", verbs);
}
