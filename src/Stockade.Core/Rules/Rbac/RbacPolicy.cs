using System.Runtime.CompilerServices;
using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>A rule a role grants, and where it is written: a scanned Role or ClusterRole, or (Origin null) the built-in definition.</summary>
internal sealed record Grant(PolicyRuleSummary Rule, InventoryEntry? Origin);

/// <summary>
/// A role's identity. <see cref="Namespace"/> is empty for a ClusterRole. A class, not a struct:
/// the dictionaries and sets keyed by it then run the framework's shared, precompiled code instead of
/// ~180 methods the JIT compiles for a struct key at every start (docs/benchmarks.md, "Start-up").
/// </summary>
internal sealed record RoleKey(string Kind, string Namespace, string Name)
{
    public static RoleKey Of(InventoryEntry role) => new(role.Kind, role.Kind == "ClusterRole" ? "" : role.Namespace ?? "", role.Name);

    /// <summary>The role a binding refers to: a Role is in the binding's namespace.</summary>
    public static RoleKey Of(InventoryEntry binding, BindingSummary b) => new(b.RoleKind, b.RoleKind == "Role" ? binding.Namespace ?? "" : "", b.RoleName);
}

/// <summary>
/// A binding as the API server holds it after its start: a scanned one (<see cref="Entry"/> set),
/// with the built-in subjects reconciliation adds back when it is a bootstrap binding, or a
/// bootstrap binding the scan does not contain.
/// </summary>
internal sealed record BindingView(InventoryEntry? Entry, string Kind, string Namespace, string Name, RoleKey Role, IReadOnlyList<SubjectSummary> Subjects)
{
    public string Display => (Entry == null ? "built-in " : "") + Kind + " \"" + (Namespace.Length > 0 ? Namespace + "/" + Name : Name) + "\"";
}

/// <summary>
/// RBAC as the API server sees it: the scanned Roles, ClusterRoles and bindings over the bootstrap
/// policy it reconciles at every start (<see cref="BootstrapPolicy"/>), with ClusterRole
/// aggregation resolved as the clusterrole-aggregation controller does. One resolver for every
/// question of the form "what does this role, binding or subject grant", so the RBAC rules and
/// PodSecurityPolicy authorization read the same answer. Built once per scan.
/// </summary>
internal sealed class RbacPolicy
{
    public static RbacPolicy Of(Inventory inventory) => Cache.GetValue(inventory, i => new RbacPolicy(i));

    private static readonly ConditionalWeakTable<Inventory, RbacPolicy> Cache = new();

    /// <summary>A role's own rules, labels and aggregation selectors once reconciled.</summary>
    private sealed record Definition(IReadOnlyList<Grant> Own, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<SelectorSummary>? Aggregation);

    // Everything is computed in the constructor, so the policy is immutable and safe to share.
    private readonly Dictionary<RoleKey, Definition> _roles = new();
    private readonly Dictionary<RoleKey, InventoryEntry> _scanned = new();
    private readonly List<(RoleKey Key, Definition Def)> _clusterRoles;
    private readonly List<BindingView> _bindings = new();
    private readonly Dictionary<RoleKey, List<(int Order, BindingView Binding)>> _bindingsByRole = new();
    private readonly Dictionary<RoleKey, IReadOnlyList<Grant>> _grants = new();
    private readonly Dictionary<RoleKey, List<RoleKey>> _aggregatedInto = new();

    private RbacPolicy(Inventory inventory)
    {
        foreach (var (entry, role) in inventory.With<RoleSummary>())
        {
            // A second object of the same identity does not replace the first one read.
            if (_roles.TryAdd(RoleKey.Of(entry), Define(entry, role))) _scanned[RoleKey.Of(entry)] = entry;
        }
        foreach (var builtIn in BootstrapPolicy.AllRoles)
        {
            _roles.TryAdd(new RoleKey(builtIn.Kind, builtIn.Namespace, builtIn.Name), Define(null, null, builtIn));
        }
        var scanned = new HashSet<(string, string, string)>();
        foreach (var (entry, binding) in inventory.With<BindingSummary>())
        {
            var ns = entry.Kind == "RoleBinding" ? entry.Namespace ?? "" : "";
            scanned.Add((entry.Kind, ns, entry.Name));
            var subjects = binding.Subjects.ToList();
            // Reconciliation adds the built-in subjects back to a bootstrap binding that lost them;
            // with another roleRef it recreates the binding as built, so the built-in subjects hold then too.
            if (binding.AutoUpdate && BootstrapPolicy.Binding(entry.Kind, ns, entry.Name) is { } builtIn)
            {
                subjects.AddRange(builtIn.Binding.Subjects.Where(b => !subjects.Any(s => SameSubject(s, b))));
            }
            _bindings.Add(new BindingView(entry, entry.Kind, ns, entry.Name, RoleKey.Of(entry, binding), subjects));
        }
        foreach (var b in BootstrapPolicy.AllBindings.Where(b => !scanned.Contains((b.Kind, b.Namespace, b.Name))))
        {
            _bindings.Add(new BindingView(null, b.Kind, b.Namespace, b.Name, new RoleKey(b.Binding.RoleKind, b.Kind == "RoleBinding" ? b.Namespace : "", b.Binding.RoleName), b.Binding.Subjects));
        }
        for (var i = 0; i < _bindings.Count; i++)
        {
            var b = _bindings[i];
            if (!_bindingsByRole.TryGetValue(b.Role, out var list)) _bindingsByRole[b.Role] = list = new();
            list.Add((i, b));
        }
        _clusterRoles = _roles.Where(r => r.Key.Kind == "ClusterRole").OrderBy(r => r.Key.Name, StringComparer.Ordinal).Select(r => (r.Key, r.Value)).ToList();
        foreach (var (key, def) in _roles)
        {
            _grants[key] = Resolve(key, def);
            if (key.Kind != "ClusterRole" || def.Aggregation == null) continue;
            foreach (var member in AggregateFrom(def.Aggregation, key))
            {
                if (!_aggregatedInto.TryGetValue(member, out var list)) _aggregatedInto[member] = list = new();
                list.Add(key);
            }
        }
    }

    /// <summary>
    /// A scanned role's definition once the API server has reconciled it: a bootstrap role keeps
    /// its built-in rules, labels and aggregation selectors plus whatever the scanned copy adds,
    /// unless the copy opts out with <c>autoupdate: "false"</c>; an aggregationRule on a role the
    /// bootstrap policy does not aggregate is removed (reconcile_role.go computeReconciledRole).
    /// </summary>
    private static Definition Define(InventoryEntry? entry, RoleSummary? role, BootstrapRole? builtIn = null)
    {
        builtIn ??= entry == null ? null : BootstrapPolicy.Role(entry.Kind, entry.Namespace, entry.Name);
        if (entry == null || role == null) return new(builtIn!.Role.Rules.Select(r => new Grant(r, null)).ToList(), builtIn.Labels, builtIn.Role.Aggregation);
        var own = role.Rules.Select(r => new Grant(r, entry)).ToList();
        if (builtIn == null || !role.AutoUpdate) return new(own, entry.Labels, role.Aggregation);
        var builtInRules = builtIn.Role.Rules;
        var rules = builtInRules.Select(r => new Grant(r, null)).Concat(own.Where(g => !RuleCoverage.Covers(builtInRules, g.Rule))).ToList();
        var labels = new Dictionary<string, string>(builtIn.Labels, StringComparer.Ordinal);
        foreach (var (k, v) in entry.Labels) labels[k] = v;
        var aggregation = builtIn.Role.Aggregation is not { } expected ? null
            : expected.Concat((role.Aggregation ?? []).Where(s => !expected.Any(e => SameSelector(e, s)))).ToList();
        return new(rules, labels, aggregation);
    }

    /// <summary>
    /// What a role grants. An aggregated ClusterRole grants the rules of every ClusterRole its
    /// selectors pick (through aggregated ones in turn), its own rules being replaced by the
    /// controller; own rules no scanned or built-in role accounts for are kept, since they show
    /// what the role granted when it was written down.
    /// </summary>
    public IReadOnlyList<Grant> Grants(RoleKey role) => _grants.TryGetValue(role, out var grants) ? grants : [];

    private IReadOnlyList<Grant> Resolve(RoleKey key, Definition def)
    {
        if (key.Kind != "ClusterRole" || def.Aggregation == null) return def.Own;
        // Aggregated members contribute through the roles they select, never their own rules.
        var grants = AggregateFrom(def.Aggregation, key).Where(r => _roles[r].Aggregation == null).SelectMany(r => _roles[r].Own).Distinct().ToList();
        var union = grants.Select(g => g.Rule).ToList();
        grants.AddRange(def.Own.Where(g => !RuleCoverage.Covers(union, g.Rule)));
        return grants;
    }

    /// <summary>The rules a scanned role grants that are written in that object itself (for the second of two objects of one identity, as if it were the one applied).</summary>
    public IEnumerable<Grant> WrittenIn(InventoryEntry entry, RoleSummary role)
    {
        var key = RoleKey.Of(entry);
        var grants = _scanned.TryGetValue(key, out var first) && first == entry ? Grants(key) : Resolve(key, Define(entry, role));
        return grants.Where(g => g.Origin == entry);
    }

    /// <summary>The ClusterRoles an aggregated one takes its rules from, directly or through aggregated ones, in name order per level.</summary>
    private List<RoleKey> AggregateFrom(IReadOnlyList<SelectorSummary> selectors, RoleKey role)
    {
        var found = new List<RoleKey>();
        var visited = new HashSet<RoleKey> { role };
        var pending = new Stack<IReadOnlyList<SelectorSummary>>();
        pending.Push(selectors);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var (key, def) in _clusterRoles)
            {
                if (visited.Contains(key) || !current.Any(s => s.Matches(def.Labels))) continue;
                visited.Add(key);
                if (def.Aggregation != null) pending.Push(def.Aggregation);
                found.Add(key);
            }
        }
        return found;
    }

    /// <summary>What a scanned binding grants: the rules of the role it refers to, or nothing when that role does not exist or cannot be bound so.</summary>
    public IReadOnlyList<Grant> Grants(InventoryEntry binding, BindingSummary b)
    {
        if (b.RoleKind is not ("Role" or "ClusterRole") || b.RoleKind == "Role" && binding.Kind != "RoleBinding") return [];
        return Grants(RoleKey.Of(binding, b));
    }

    /// <summary>The bindings, scanned and built-in, that grant a role: those referring to it and those referring to an aggregated ClusterRole that takes its rules.</summary>
    public List<BindingView> BindingsOf(InventoryEntry role)
    {
        var key = RoleKey.Of(role);
        var roles = new List<RoleKey> { key };
        if (_aggregatedInto.TryGetValue(key, out var into)) roles.AddRange(into);
        // In input order, scanned bindings before built-in ones; a ClusterRoleBinding cannot refer to a Role.
        return roles.SelectMany(r => _bindingsByRole.TryGetValue(r, out var list) ? list : [])
            .OrderBy(b => b.Order).Select(b => b.Binding)
            .Where(b => !(key.Kind == "Role" && b.Kind != "RoleBinding")).ToList();
    }

    /// <summary>
    /// What an identity is granted in a namespace (null: by ClusterRoleBindings only), as the RBAC
    /// authorizer matches subjects: a User by name, a Group by membership, a ServiceAccount by its
    /// user name <c>system:serviceaccount:NS:NAME</c>.
    /// </summary>
    public IEnumerable<Grant> GrantsTo(string user, IReadOnlyCollection<string> groups, string? inNamespace) =>
        BindingsTo(user, groups, inNamespace).SelectMany(b => Grants(b.Role)).Distinct();

    /// <summary>The bindings, scanned and built-in, that give an identity a role in a namespace (null: ClusterRoleBindings only), in input order.</summary>
    public IEnumerable<BindingView> BindingsTo(string user, IReadOnlyCollection<string> groups, string? inNamespace) =>
        _bindings.Where(b => b.Kind == "ClusterRoleBinding" || inNamespace != null && b.Namespace == inNamespace)
            .Where(b => b.Subjects.Any(s => AppliesTo(s, user, groups)))
            .Where(b => !(b.Role.Kind == "Role" && b.Kind != "RoleBinding"));

    /// <summary>The user name and groups the API server gives a ServiceAccount's token.</summary>
    public static (string User, string[] Groups) ServiceAccount(string ns, string name) =>
        ($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);

    private static bool AppliesTo(SubjectSummary s, string user, IReadOnlyCollection<string> groups) => s.Kind switch
    {
        "User" => s.Name == user,
        "Group" => groups.Contains(s.Name),
        "ServiceAccount" => s.Namespace != null && $"system:serviceaccount:{s.Namespace}:{s.Name}" == user,
        _ => false,
    };

    public static bool SameSubject(SubjectSummary a, SubjectSummary b) => a.Kind == b.Kind && a.Name == b.Name && (a.Namespace ?? "") == (b.Namespace ?? "");

    public static bool SameSelector(SelectorSummary a, SelectorSummary b) =>
        a.MatchLabels.Count == b.MatchLabels.Count && a.MatchLabels.All(l => b.MatchLabels.TryGetValue(l.Key, out var v) && v == l.Value)
        && a.Expressions.Count == b.Expressions.Count
        && a.Expressions.Zip(b.Expressions).All(p => p.First.Key == p.Second.Key && p.First.Operator == p.Second.Operator && p.First.Values.SequenceEqual(p.Second.Values));
}
