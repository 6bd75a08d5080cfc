using Stockade.Engine;

namespace Stockade.Rules.Rbac;

/// <summary>
/// A scanned Role or ClusterRole that has the exact name of a bootstrap role and says something
/// else than the built-in definition. The API server reconciles its bootstrap roles at every
/// start: it adds back the built-in rules and aggregation selectors a copy lacks and keeps the
/// extra ones, unless the copy carries <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c>.
/// Either way the copy does not say what the role grants, which is what a reviewer reads.
/// </summary>
internal sealed class RbacBootstrapRoleRedefined : InventoryRule
{
    public override RuleMetadata Metadata { get; } = new()
    {
        Id = "rbac-bootstrap-role-redefined",
        Title = "Bundle redefines a role of the API server's bootstrap policy",
        Severity = Severity.Medium,
        Category = "rbac",
        Rationale = "The API server creates cluster-admin, admin, edit, view and the system: roles itself and reconciles " +
                    "them at every start: rules missing from a stored copy are added back, extra rules are kept. A bundle's " +
                    "copy that grants less (a \"cluster-admin\" allowing only get on configmaps) hides what every binding to " +
                    "it really grants; one that grants more widens a role every cluster binds to its own components; and " +
                    "one with autoupdate \"false\" stops Kubernetes from keeping the role as built.",
        Remediation = "Do not ship copies of bootstrap roles. To grant more, write a role of your own (or one labelled to " +
                      "aggregate into admin, edit or view); to grant less, bind a narrower role of your own instead.",
        RemediationYaml = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: shop-configmap-reader
            rules:
              - apiGroups: [""]
                resources: ["configmaps"]
                verbs: ["get"]
            """,
        Fields =
        [
            new("Role / ClusterRole metadata.name, metadata.namespace (bootstrap role names), rules[*], aggregationRule.clusterRoleSelectors, metadata.annotations['rbac.authorization.kubernetes.io/autoupdate']", "rules and aggregation selectors that cover the built-in definition and add nothing; any other name"),
        ],
        References =
        [
            new("Kubernetes docs", "RBAC: auto-reconciliation of default roles", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#auto-reconciliation"),
            new("Kubernetes docs", "RBAC: aggregated ClusterRoles", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles"),
        ],
    };

    public override IReadOnlySet<string> Kinds => Rbac.Kinds;

    public override void Check(Inventory inventory, InventoryContext context)
    {
        RbacPolicy? policy = null;
        foreach (var (entry, role) in inventory.With<RoleSummary>())
        {
            if (BootstrapPolicy.Role(entry.Kind, entry.Namespace, entry.Name) is not { } builtIn) continue;
            var expected = builtIn.Role;
            // An aggregated role's rules are the aggregation controller's to write: only its selectors are the definition.
            var missing = expected.Aggregation == null ? expected.Rules.Count(r => !RuleCoverage.Covers(role.Rules, r)) : 0;
            var extra = expected.Aggregation == null ? role.Rules.Count(r => !RuleCoverage.Covers(expected.Rules, r)) : 0;
            var selectors = Selectors(expected.Aggregation, role.Aggregation);
            if (missing == 0 && extra == 0 && selectors == null) continue;
            policy ??= RbacPolicy.Of(inventory);
            var differs = string.Join(", ", new[]
            {
                missing > 0 ? $"lacks {Count(missing, "built-in rule")}" : null,
                extra > 0 ? $"adds {Count(extra, "rule")}" : null,
                selectors,
            }.OfType<string>());
            var effect = role.AutoUpdate
                ? "the API server reconciles it at every start, so it grants at least the built-in definition" + (extra > 0 || selectors != null ? " and keeps what this copy adds" : "")
                : "its rbac.authorization.kubernetes.io/autoupdate is \"false\", so the API server keeps this copy instead of the built-in definition";
            context.Report(entry, $"{entry.Kind} \"{Rbac.Qualified(entry)}\" redefines the bootstrap {entry.Kind} of that name ({differs}); {effect}; {Rbac.BoundText(policy.BindingsOf(entry))}");
        }
    }

    /// <summary>How the copy's aggregation selectors differ from the built-in ones, or null.</summary>
    private static string? Selectors(IReadOnlyList<SelectorSummary>? expected, IReadOnlyList<SelectorSummary>? actual)
    {
        if (expected == null) return actual == null ? null : "adds an aggregationRule the built-in role does not have";
        if (actual == null) return "has no aggregationRule";
        var missing = expected.Count(e => !actual.Any(a => RbacPolicy.SameSelector(a, e)));
        var extra = actual.Count(a => !expected.Any(e => RbacPolicy.SameSelector(a, e)));
        if (missing == 0 && extra == 0) return null;
        return string.Join(", ", new[] { missing > 0 ? $"lacks {Count(missing, "built-in aggregation selector")}" : null, extra > 0 ? $"adds {Count(extra, "aggregation selector")}" : null }.OfType<string>());
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
