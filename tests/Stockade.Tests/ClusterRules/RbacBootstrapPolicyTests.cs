using Stockade.Engine;
using Stockade.Rules.Rbac;
using Stockade.Tests.Generate;

namespace Stockade.Tests.ClusterRules;

/// <summary>RBAC as the API server sees it: bootstrap roles reconciled over the bundle's copies, aggregation resolved, no system: prefix trusted.</summary>
public class RbacBootstrapPolicyTests
{
    private static string ClusterRole(string name, string rules, string metadata = "", string aggregation = "") => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: {name}
        {metadata}{aggregation}rules:
        {rules}
        """;

    private static string Binding(string role, string subjects, string name = "b", string metadata = "") => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: {name}
        {metadata}roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: {role}
        subjects:
        {subjects}
        """;

    private const string Alice = "- kind: User\n  name: alice";
    private const string ConfigMapsGet = "- apiGroups: [\"\"]\n  resources: [\"configmaps\"]\n  verbs: [\"get\"]";
    private const string AutoUpdateFalse = "  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: \"false\"\n";

    private static string Docs(params string[] docs) => string.Join("\n---\n", docs);

    [Fact]
    public void A_decoy_cluster_admin_role_granting_only_configmaps_does_not_hide_a_cluster_admin_binding()
    {
        var result = ClusterScan.Yaml(Docs(ClusterRole("cluster-admin", ConfigMapsGet), Binding("cluster-admin", Alice)));
        Assert.Equal("ClusterRoleBinding \"b\" grants cluster-admin in every namespace to User alice", Assert.Single(result.Findings("rbac-cluster-admin-binding")).Message);
    }

    [Fact]
    public void A_binding_to_a_bootstrap_role_absent_from_the_bundle_is_judged_by_the_built_in_definition()
    {
        var result = ClusterScan.Yaml(Docs(Binding("system:kubelet-api-admin", Alice), Binding("cluster-admin", Alice, name: "admins")));
        Assert.Equal("ClusterRoleBinding \"b\" grants built-in ClusterRole \"system:kubelet-api-admin\", which allows get, create, update, patch, delete on nodes/proxy, to User alice",
            Assert.Single(result.Findings("rbac-nodes-proxy")).Message);
        Assert.Equal("ClusterRoleBinding \"admins\" grants cluster-admin in every namespace to User alice", Assert.Single(result.Findings("rbac-cluster-admin-binding")).Message);
    }

    [Fact]
    public void A_bootstrap_role_copy_with_autoupdate_false_is_judged_as_written()
    {
        var result = ClusterScan.Yaml(Docs(ClusterRole("cluster-admin", ConfigMapsGet, AutoUpdateFalse), Binding("cluster-admin", Alice)));
        Assert.Empty(result.Findings("rbac-cluster-admin-binding"));
        Assert.Contains("autoupdate is \"false\", so the API server keeps this copy instead of the built-in definition",
            Assert.Single(result.Findings("rbac-bootstrap-role-redefined")).Message);
    }

    [Fact]
    public void A_redefined_bootstrap_role_is_reported_with_what_reconciliation_does_to_it()
    {
        var result = ClusterScan.Yaml(Docs(ClusterRole("cluster-admin", ConfigMapsGet), Binding("cluster-admin", Alice)));
        var f = Assert.Single(result.Findings("rbac-bootstrap-role-redefined"));
        Assert.Equal("ClusterRole \"cluster-admin\" redefines the bootstrap ClusterRole of that name (lacks 2 built-in rules); the API server reconciles it " +
                     "at every start, so it grants at least the built-in definition; bound by ClusterRoleBinding \"b\" to User alice; " +
                     "by built-in ClusterRoleBinding \"cluster-admin\" to Group system:masters", f.Message);
        Assert.Equal((1, 1), (f.Line, f.Column));
    }

    [Fact]
    public void A_rule_added_to_a_bootstrap_role_is_reported_at_the_role_with_the_built_in_bindings_that_hold_it()
    {
        var result = ClusterScan.Yaml(ClusterRole("system:discovery", "- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"list\"]"));
        Assert.Equal("ClusterRole \"system:discovery\" allows list on secrets (rules[0]); bound by built-in ClusterRoleBinding \"system:discovery\" to Group system:authenticated",
            Assert.Single(result.Findings("rbac-secrets-read")).Message);
        Assert.Contains("adds 1 rule", Assert.Single(result.Findings("rbac-bootstrap-role-redefined")).Message);
    }

    [Fact]
    public void A_role_labelled_to_aggregate_to_edit_is_granted_by_bindings_to_edit_and_admin()
    {
        var result = ClusterScan.Yaml(Docs(
            ClusterRole("secret-peek", "- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"get\"]",
                "  labels:\n    rbac.authorization.k8s.io/aggregate-to-edit: \"true\"\n"),
            Binding("edit", Alice, name: "editors"),
            Binding("admin", "- kind: User\n  name: bob", name: "admins")));
        var f = Assert.Single(result.Findings("rbac-secrets-read"), x => x.Object.Name == "secret-peek");
        Assert.Equal("ClusterRole \"secret-peek\" allows get on secrets (rules[0]); bound by ClusterRoleBinding \"editors\" to User alice; by ClusterRoleBinding \"admins\" to User bob", f.Message);
    }

    [Fact]
    public void Aggregation_selects_by_match_expressions_and_replaces_the_aggregated_roles_own_rules()
    {
        var yaml = Docs(
            ClusterRole("monitoring", ConfigMapsGet, aggregation: """
                aggregationRule:
                  clusterRoleSelectors:
                    - matchExpressions:
                        - {key: example.com/aggregate-to-monitoring, operator: In, values: ["true", "yes"]}
                """ + "\n"),
            ClusterRole("everything", "- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]",
                "  labels:\n    example.com/aggregate-to-monitoring: \"yes\"\n"),
            ClusterRole("not-selected", "- apiGroups: [\"\"]\n  resources: [\"nodes/proxy\"]\n  verbs: [\"get\"]",
                "  labels:\n    example.com/aggregate-to-monitoring: \"no\"\n"),
            Binding("monitoring", Alice));
        var result = ClusterScan.Yaml(yaml);
        Assert.Equal("ClusterRoleBinding \"b\" grants ClusterRole \"monitoring\" (every verb on every resource: as cluster-admin) in every namespace to User alice",
            Assert.Single(result.Findings("rbac-cluster-admin-binding")).Message);
        Assert.EndsWith("no binding among the scanned objects uses it", Assert.Single(result.Findings("rbac-nodes-proxy")).Message);
        var policy = PolicyOf(yaml);
        var grants = policy.Grants(new RoleKey("ClusterRole", "", "monitoring"));
        // The own rule (get configmaps) is covered by the selected role's "*", so only the aggregated rule remains.
        Assert.Equal("everything", Assert.Single(grants).Origin!.Name);
    }

    [Fact]
    public void A_system_prefixed_role_granting_everything_bound_to_a_user_is_reported()
    {
        var result = ClusterScan.Yaml(Docs(ClusterRole("system:test", "- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]"), Binding("system:test", "- kind: User\n  name: system:test-user")));
        Assert.Equal("ClusterRoleBinding \"b\" grants ClusterRole \"system:test\" (every verb on every resource: as cluster-admin) in every namespace to User system:test-user",
            Assert.Single(result.Findings("rbac-cluster-admin-binding")).Message);
        Assert.Single(result.Findings("rbac-wildcard"));
    }

    [Fact]
    public void Exact_copies_of_bootstrap_roles_and_bindings_are_not_reported()
    {
        const string metadata = "  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: \"true\"\n";
        var result = ClusterScan.Yaml(Docs(
            ClusterRole("system:controller:generic-garbage-collector", """
                - apiGroups: ["*"]
                  resources: ["*"]
                  verbs: ["delete", "get", "list", "patch", "update", "watch"]
                - apiGroups: ["", "events.k8s.io"]
                  resources: ["events"]
                  verbs: ["create", "patch", "update"]
                """, metadata),
            Binding("system:controller:generic-garbage-collector", "- kind: ServiceAccount\n  name: generic-garbage-collector\n  namespace: kube-system",
                name: "system:controller:generic-garbage-collector", metadata: metadata),
            // Recognised by its exact name and subjects, not by the bootstrapping label (left off here).
            Binding("cluster-admin", "- kind: Group\n  name: system:masters", name: "cluster-admin")));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_subject_added_to_a_bootstrap_binding_is_reported_whatever_its_labels_say()
    {
        const string label = "  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n";
        var result = ClusterScan.Yaml(Binding("cluster-admin", "- kind: Group\n  name: system:masters\n- kind: User\n  name: mallory", name: "cluster-admin", metadata: label));
        Assert.Equal("ClusterRoleBinding \"cluster-admin\" grants cluster-admin in every namespace to User mallory", Assert.Single(result.Findings("rbac-cluster-admin-binding")).Message);
    }

    [Fact]
    public void A_service_account_is_granted_what_its_groups_are_bound_to_in_its_namespace()
    {
        var policy = PolicyOf(Docs(
            ClusterRole("reader", ConfigMapsGet),
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: shop-accounts
              namespace: shop
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: reader
            subjects:
              - kind: Group
                name: system:serviceaccounts:shop
            """));
        var (user, groups) = RbacPolicy.ServiceAccount("shop", "app");
        Assert.Contains(policy.GrantsTo(user, groups, "shop"), g => g.Origin?.Name == "reader");
        Assert.DoesNotContain(policy.GrantsTo(user, groups, "other"), g => g.Origin?.Name == "reader");
        // Every service account may read the issuer discovery documents (a built-in binding to system:serviceaccounts).
        Assert.Contains(policy.GrantsTo(user, groups, null), g => g.Rule.NonResourceUrls.Contains("/openid/v1/jwks"));
    }

    private static RbacPolicy PolicyOf(string yaml) =>
        RbacPolicy.Of(new Inventory(NetworkPolicyGenerationTests.Read(yaml).Select(o => InventoryEntry.Of(o, null, [])).ToList()));
}
