using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>
/// A rule about one dangerous permission. It is reported where it is granted: at the policy rule
/// of a scanned Role or ClusterRole that writes it (naming the bindings, scanned or built-in, that
/// hold it, through aggregation too), and at the <c>roleRef</c> of a scanned binding for what the
/// built-in definition of its role (a bootstrap role, or the bootstrap part of a scanned copy of
/// one) includes. A scanned copy of a bootstrap role is reported for the rules it adds only, and
/// a bootstrap binding for the subjects it adds only. A cluster-admin-like rule (<c>*</c> verbs,
/// resources and groups) is reported by <c>rbac-wildcard</c> and <c>rbac-cluster-admin-binding</c>,
/// not once per permission.
/// </summary>
internal abstract class PermissionRule : InventoryRule
{
    /// <summary>What the policy rule allows that this rule is about ("allows get, list on secrets"), or null.</summary>
    protected abstract string? Describe(PolicyRuleSummary rule, RoleSummary role);

    /// <summary>True for the one rule that reports wildcard rules themselves.</summary>
    protected virtual bool IncludesAllWildcard => false;

    /// <summary>False for a rule about how roles are written, which says nothing of the built-in ones.</summary>
    protected virtual bool ChecksBuiltInRoles => true;

    /// <summary>
    /// False when what the rule is about cannot be reached from a grant in namespace
    /// <paramref name="ns"/> (null: a ClusterRole, which may be bound anywhere, or a ClusterRoleBinding).
    /// </summary>
    protected virtual bool AppliesIn(string? ns) => true;

    public override IReadOnlySet<string> Kinds => Rbac.Kinds;

    /// <summary>What a rule granted in namespace <paramref name="ns"/> (null: cluster-wide) allows that this rule is about, or null: for the rules that judge a grant by who holds it.</summary>
    internal string? DescribeGrant(PolicyRuleSummary rule, RoleSummary role, string? ns) => AppliesIn(ns) ? Describe(rule, role) : null;

    public override void Check(Inventory inventory, InventoryContext context)
    {
        var policy = RbacPolicy.Of(inventory);
        foreach (var (entry, role) in inventory.With<RoleSummary>())
        {
            if (!AppliesIn(entry.Kind == "Role" ? entry.Namespace ?? "" : null)) continue;
            List<BindingView>? bindings = null;
            var effective = new RoleSummary(policy.Grants(RoleKey.Of(entry)).Select(g => g.Rule).ToList());
            foreach (var rule in policy.WrittenIn(entry, role).Select(g => g.Rule))
            {
                if (!IncludesAllWildcard && Rbac.IsAllWildcard(rule)) continue;
                if (Describe(rule, effective) is not { } what) continue;
                bindings ??= policy.BindingsOf(entry);
                context.Report(entry, rule.Position, rule.Path,
                    $"{entry.Kind} \"{Rbac.Qualified(entry)}\" {what} ({rule.Path}); {Rbac.BoundText(bindings)}");
            }
        }
        if (!ChecksBuiltInRoles) return;
        foreach (var (entry, binding) in inventory.With<BindingSummary>())
        {
            if (!AppliesIn(entry.Kind == "RoleBinding" ? entry.Namespace ?? "" : null)) continue;
            var grants = policy.Grants(entry, binding);
            if (!grants.Any(g => g.Origin == null)) continue;
            var subjects = binding.Subjects.Where(s => !Rbac.IsBootstrapSubject(entry, binding, s)).ToList();
            if (subjects.Count == 0 && binding.Subjects.Count > 0) continue;
            var role = new RoleSummary(grants.Select(g => g.Rule).ToList());
            var found = grants.Where(g => g.Origin == null && !Rbac.IsAllWildcard(g.Rule))
                .Select(g => Describe(g.Rule, role)).OfType<string>().Distinct().ToList();
            if (found.Count == 0) continue;
            context.Report(entry, binding.RoleRefPosition, "roleRef",
                $"{entry.Kind} \"{Rbac.Qualified(entry)}\" grants built-in {binding.RoleKind} \"{binding.RoleName}\", which {string.Join("; ", found)}, to {Rbac.Subjects(subjects)}");
        }
    }
}
