using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>
/// A rule about one dangerous permission. It is reported where it is granted: at the policy rule
/// of a scanned Role or ClusterRole (naming the bindings and subjects that hold it), and at the
/// <c>roleRef</c> of a binding to a built-in ClusterRole (admin, edit…) that includes it.
/// Roles Kubernetes manages itself (<c>system:*</c>, bootstrap-labelled) are left out: nobody
/// edits them. A cluster-admin-like rule (<c>*</c> verbs, resources and groups) is reported by
/// <c>rbac-wildcard</c> and <c>rbac-cluster-admin-binding</c>, not once per permission.
/// </summary>
public abstract class PermissionRule : InventoryRule
{
    /// <summary>What the policy rule allows that this rule is about ("allows get, list on secrets"), or null.</summary>
    protected abstract string? Describe(PolicyRuleSummary rule, RoleSummary role);

    /// <summary>True for the one rule that reports wildcard rules themselves.</summary>
    protected virtual bool IncludesAllWildcard => false;

    /// <summary>False for a rule about how roles are written, which says nothing of the built-in ones.</summary>
    protected virtual bool ChecksBuiltInRoles => true;

    public override void Check(Inventory inventory, InventoryContext context)
    {
        foreach (var (entry, role) in inventory.With<RoleSummary>())
        {
            if (Rbac.IsSystemManaged(entry)) continue;
            List<(InventoryEntry, BindingSummary)>? bindings = null;
            foreach (var rule in role.Rules)
            {
                if (!IncludesAllWildcard && Rbac.IsAllWildcard(rule)) continue;
                if (Describe(rule, role) is not { } what) continue;
                bindings ??= Rbac.BindingsOf(inventory, entry);
                context.Report(entry, rule.Position, rule.Path,
                    $"{entry.Kind} \"{Rbac.Qualified(entry)}\" {what} ({rule.Path}); {Rbac.BoundText(bindings)}");
            }
        }
        foreach (var (entry, binding) in inventory.With<BindingSummary>())
        {
            if (!ChecksBuiltInRoles || binding.RoleKind != "ClusterRole" || !Rbac.BuiltInClusterRoles.ContainsKey(binding.RoleName) || Rbac.IsSystemManaged(entry)) continue;
            var role = Rbac.ResolveRole(inventory, entry, binding)!;
            var found = role.Rules.Where(r => !Rbac.IsAllWildcard(r)).Select(r => Describe(r, role)).OfType<string>().Distinct().ToList();
            if (found.Count == 0) continue;
            context.Report(entry, binding.RoleRefPosition, "roleRef",
                $"{entry.Kind} \"{Rbac.Qualified(entry)}\" grants built-in ClusterRole \"{binding.RoleName}\", which {string.Join("; ", found)}, to {Rbac.Subjects(binding.Subjects)}");
        }
    }
}
