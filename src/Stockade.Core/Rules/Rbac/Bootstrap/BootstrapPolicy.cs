using Stockade.Engine;
using Stockade.Yaml;

namespace Stockade.Rules.Rbac;

/// <summary>A Role or ClusterRole of the API server's bootstrap policy. <see cref="Namespace"/> is empty for a ClusterRole.</summary>
internal sealed record BootstrapRole(string Kind, string Namespace, string Name, RoleSummary Role, IReadOnlyDictionary<string, string> Labels);

/// <summary>A RoleBinding or ClusterRoleBinding of the bootstrap policy.</summary>
internal sealed record BootstrapBinding(string Kind, string Namespace, string Name, BindingSummary Binding);

/// <summary>
/// The objects the API server's <c>rbac/bootstrap-roles</c> post-start hook (<c>ensureRBACPolicy</c>)
/// creates, and reconciles at every start, unless the stored copy says
/// <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c>. The tables are data transcribed
/// from upstream (see the partial files beside this one for the exact sources); Kubernetes' own
/// objects are recognised by these exact names only, never by a <c>system:</c> prefix or a label
/// anyone can write.
/// </summary>
internal static partial class BootstrapPolicy
{
    /// <summary>The bootstrap role of that kind, namespace (empty for a ClusterRole) and name, or null.</summary>
    public static BootstrapRole? Role(string kind, string? ns, string name) =>
        Roles.TryGetValue((kind, kind == "ClusterRole" ? "" : ns ?? "", name), out var r) ? r : null;

    /// <summary>The bootstrap binding of that kind, namespace (empty for a ClusterRoleBinding) and name, or null.</summary>
    public static BootstrapBinding? Binding(string kind, string? ns, string name) =>
        Bindings.TryGetValue((kind, kind == "ClusterRoleBinding" ? "" : ns ?? "", name), out var b) ? b : null;

    public static IEnumerable<BootstrapRole> AllRoles => Roles.Values;

    public static IEnumerable<BootstrapBinding> AllBindings => Bindings.Values;

    // Static fields initialise in textual order: the label the tables use comes first. The
    // partial files hold methods only, so no initialisation order depends on file order.
    private static readonly IReadOnlyDictionary<string, string> BootstrapLabel =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
    private static readonly Dictionary<(string, string, string), BootstrapRole> Roles = BuildRoles();
    private static readonly Dictionary<(string, string, string), BootstrapBinding> Bindings = BuildBindings();

    private const string Read = "get,list,watch";
    private const string Write = "create,delete,deletecollection,patch,update";
    private const string ReadWrite = Read + "," + Write;
    private const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    private const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    private const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    private static Dictionary<(string, string, string), BootstrapRole> BuildRoles()
    {
        var roles = new Dictionary<(string, string, string), BootstrapRole>();
        foreach (var r in ClusterRoles().Concat(ControllerRoles()).Concat(NamespacedRoles()))
        {
            roles.Add((r.Kind, r.Namespace, r.Name), r);
        }
        return roles;
    }

    private static Dictionary<(string, string, string), BootstrapBinding> BuildBindings()
    {
        var bindings = new Dictionary<(string, string, string), BootstrapBinding>();
        // Every controller role is bound, by a ClusterRoleBinding of the same name, to the
        // kube-system ServiceAccount named after the controller (controller_policy.go addControllerRole).
        var controllers = ControllerRoles().Select(r => CRB(r.Name, r.Name, SA("kube-system", r.Name["system:controller:".Length..])));
        foreach (var b in ClusterRoleBindings().Concat(controllers).Concat(NamespacedBindings()))
        {
            bindings.Add((b.Kind, b.Namespace, b.Name), b);
        }
        return bindings;
    }

    /// <summary>A policy rule: comma-separated verbs, API groups (an empty item is the core group) and resources.</summary>
    private static PolicyRuleSummary R(string verbs, string groups, string resources, string names = "") =>
        new(Split(verbs), groups.Split(','), Split(resources), Split(names), [], SourcePosition.Unknown, "");

    /// <summary>A non-resource rule.</summary>
    private static PolicyRuleSummary U(string verbs, string urls) => new(Split(verbs), [], [], [], Split(urls), SourcePosition.Unknown, "");

    /// <summary>The events rule most controllers and components share (eventsRule() upstream).</summary>
    private static PolicyRuleSummary Events => R("create,patch,update", ",events.k8s.io", "events");

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');

    private static BootstrapRole CR(string name, params PolicyRuleSummary[] rules) => new("ClusterRole", "", name, new RoleSummary(rules), BootstrapLabel);

    /// <summary>A ClusterRole carrying an <c>aggregate-to-*</c> label set to "true".</summary>
    private static BootstrapRole Labelled(string label, BootstrapRole role) =>
        role with { Labels = new Dictionary<string, string>(role.Labels, StringComparer.Ordinal) { [label] = "true" } };

    /// <summary>An aggregated ClusterRole: no rules of its own, one matchLabels selector.</summary>
    private static BootstrapRole Aggregated(string name, string selects) =>
        new("ClusterRole", "", name, new RoleSummary([], [new SelectorSummary(new Dictionary<string, string> { [selects] = "true" }, [])]), BootstrapLabel);

    private static BootstrapRole Role(string ns, string name, params PolicyRuleSummary[] rules) => new("Role", ns, name, new RoleSummary(rules), BootstrapLabel);

    private static BootstrapBinding CRB(string name, string role, params SubjectSummary[] subjects) =>
        new("ClusterRoleBinding", "", name, new BindingSummary("ClusterRole", role, SourcePosition.Unknown, subjects));

    private static BootstrapBinding RB(string ns, string name, string role, params SubjectSummary[] subjects) =>
        new("RoleBinding", ns, name, new BindingSummary("Role", role, SourcePosition.Unknown, subjects));

    private static SubjectSummary User(string name) => new("User", name, null, SourcePosition.Unknown, "");

    private static SubjectSummary Group(string name) => new("Group", name, null, SourcePosition.Unknown, "");

    private static SubjectSummary SA(string ns, string name) => new("ServiceAccount", name, ns, SourcePosition.Unknown, "");
}
