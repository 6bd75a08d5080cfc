namespace Stockade.Tests.ClusterRules;

public class RbacRuleTests
{
    internal static string Role(string rules, string kind = "Role", string name = "r", string ns = "shop") => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: {kind}
        metadata:
          name: {name}
        {(kind == "Role" ? $"  namespace: {ns}\n" : "")}rules:
        {rules}
        """;

    private static string Binding(string roleKind, string roleName, string subjects, string kind = "RoleBinding", string name = "b", string ns = "shop", string labels = "") => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: {kind}
        metadata:
          name: {name}
        {(kind == "RoleBinding" ? $"  namespace: {ns}\n" : "")}{labels}roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: {roleKind}
          name: {roleName}
        subjects:
        {subjects}
        """;

    private const string AppAccount = "- kind: ServiceAccount\n  name: app\n  namespace: shop";

    [Fact]
    public void Secret_reading_role_is_reported_at_its_rule_naming_the_binding_and_subject_from_another_file()
    {
        var role = Role("- apiGroups: [\"\"] # <-\n  resources: [\"secrets\"]\n  verbs: [\"get\", \"list\"]");
        var result = ClusterScan.Files(
            ("role.yaml", role),
            ("binding.yaml", Binding("Role", "r", AppAccount)));
        var f = Assert.Single(result.Findings("rbac-secrets-read"));
        Assert.Equal("role.yaml", f.File);
        Assert.Equal((TestScan.MarkedLine(role), 3), (f.Line, f.Column));
        Assert.Equal("rules[0]", f.Path);
        Assert.Equal("Role \"shop/r\" allows get, list on secrets (rules[0]); bound by RoleBinding \"shop/b\" to ServiceAccount shop/app", f.Message);
    }

    [Fact]
    public void A_role_in_another_namespace_is_not_the_one_a_role_binding_refers_to()
    {
        var result = ClusterScan.Files(
            ("role.yaml", Role("- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"watch\"]", ns: "other")),
            ("binding.yaml", Binding("Role", "r", AppAccount)));
        Assert.EndsWith("no binding among the scanned objects uses it", Assert.Single(result.Findings("rbac-secrets-read")).Message);
    }

    [Fact]
    public void Reading_named_secrets_only_or_other_resources_is_clean()
    {
        var result = ClusterScan.Yaml(Role("""
            - apiGroups: [""]
              resources: ["secrets"]
              resourceNames: ["db"]
              verbs: ["get"]
            - apiGroups: [""]
              resources: ["configmaps", "pods"]
              verbs: ["get", "list", "watch"]
            - apiGroups: ["apps"]
              resources: ["secrets"]
              verbs: ["list"]
            """));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_binding_to_the_built_in_edit_role_reports_what_edit_allows()
    {
        var result = ClusterScan.Yaml(Binding("ClusterRole", "edit", AppAccount));
        var secrets = Assert.Single(result.Findings("rbac-secrets-read"));
        Assert.Equal("roleRef", secrets.Path);
        Assert.Equal("RoleBinding \"shop/b\" grants built-in ClusterRole \"edit\", which allows get, list, watch on secrets, to ServiceAccount shop/app", secrets.Message);
        foreach (var id in new[] { "rbac-pod-exec", "rbac-pod-portforward", "rbac-create-workloads", "rbac-impersonate", "rbac-serviceaccount-token" })
        {
            Assert.Single(result.Findings(id));
        }
        Assert.Empty(result.Findings("rbac-cluster-admin-binding"));
        Assert.Empty(result.Findings("rbac-bind-escalate"));
        Assert.Empty(result.Findings("rbac-wildcard"));
    }

    [Fact]
    public void A_binding_to_view_is_clean()
    {
        Assert.Empty(ClusterScan.Yaml(Binding("ClusterRole", "view", AppAccount)).Findings);
    }

    [Fact]
    public void Cluster_admin_bound_to_a_user_or_a_system_group_is_critical_but_the_bootstrap_binding_to_system_masters_is_not_reported()
    {
        var result = ClusterScan.Files(
            ("a.yaml", Binding("ClusterRole", "cluster-admin", "- kind: User\n  name: alice\n- kind: Group\n  name: system:nodes", kind: "ClusterRoleBinding", name: "alice-admin")),
            ("b.yaml", Binding("ClusterRole", "cluster-admin", "- kind: Group\n  name: system:masters", kind: "ClusterRoleBinding", name: "cluster-admin")));
        // system:nodes is every kubelet: a grant to it is as real as one to alice.
        Assert.Equal(["ClusterRoleBinding \"alice-admin\" grants cluster-admin in every namespace to User alice",
                      "ClusterRoleBinding \"alice-admin\" grants cluster-admin in every namespace to Group system:nodes"],
            result.Findings("rbac-cluster-admin-binding").Select(f => f.Message));
        Assert.Equal("subjects[0]", result.Findings("rbac-cluster-admin-binding")[0].Path);
        Assert.Empty(result.Findings("rbac-system-masters-subject"));
        // cluster-admin is not also reported once per permission it includes.
        Assert.Equal(["rbac-cluster-admin-binding"], result.Findings.Select(x => x.Rule).Distinct());
    }

    [Fact]
    public void A_custom_wildcard_role_is_treated_as_cluster_admin_across_documents()
    {
        var result = ClusterScan.Yaml(
            Role("- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]", kind: "ClusterRole", name: "god") + "\n---\n" +
            Binding("ClusterRole", "god", AppAccount));
        Assert.Equal("RoleBinding \"shop/b\" grants ClusterRole \"god\" (every verb on every resource: as cluster-admin) in namespace \"shop\" to ServiceAccount shop/app",
            Assert.Single(result.Findings("rbac-cluster-admin-binding")).Message);
        Assert.Contains("as cluster-admin", Assert.Single(result.Findings("rbac-wildcard")).Message);
        Assert.Empty(result.Findings("rbac-secrets-read"));
    }

    [Fact]
    public void Partial_wildcards_are_named()
    {
        var result = ClusterScan.Yaml(Role("- apiGroups: [\"\"]\n  resources: [\"*\"]\n  verbs: [\"get\"]"));
        Assert.Contains("uses \"*\" in resources", Assert.Single(result.Findings("rbac-wildcard")).Message);
        // get on every core resource includes secrets.
        Assert.Single(result.Findings("rbac-secrets-read"));
    }

    [Theory]
    [InlineData("rbac-pod-exec", "[\"\"]", "[\"pods/exec\"]", "[\"create\"]")]
    [InlineData("rbac-pod-exec", "[\"\"]", "[\"*/attach\"]", "[\"get\"]")]
    [InlineData("rbac-pod-portforward", "[\"\"]", "[\"pods/portforward\"]", "[\"create\"]")]
    [InlineData("rbac-create-workloads", "[\"apps\"]", "[\"daemonsets\"]", "[\"create\"]")]
    [InlineData("rbac-create-workloads", "[\"\"]", "[\"pods\"]", "[\"*\"]")]
    [InlineData("rbac-bind-escalate", "[\"rbac.authorization.k8s.io\"]", "[\"clusterroles\"]", "[\"escalate\"]")]
    [InlineData("rbac-impersonate", "[\"\"]", "[\"users\", \"groups\"]", "[\"impersonate\"]")]
    [InlineData("rbac-nodes-proxy", "[\"\"]", "[\"nodes/proxy\"]", "[\"get\"]")]
    [InlineData("rbac-serviceaccount-token", "[\"\"]", "[\"serviceaccounts/token\"]", "[\"create\"]")]
    [InlineData("rbac-webhook-configurations", "[\"admissionregistration.k8s.io\"]", "[\"mutatingwebhookconfigurations\"]", "[\"patch\"]")]
    [InlineData("rbac-create-persistentvolumes", "[\"\"]", "[\"persistentvolumes\"]", "[\"create\"]")]
    public void Each_dangerous_permission_is_reported(string rule, string groups, string resources, string verbs)
    {
        var result = ClusterScan.Yaml(Role($"- apiGroups: {groups}\n  resources: {resources}\n  verbs: {verbs}", kind: "ClusterRole"));
        Assert.Single(result.Findings(rule));
    }

    [Theory]
    [InlineData("rbac-pod-exec", "[\"\"]", "[\"pods/log\"]", "[\"get\"]")]
    [InlineData("rbac-pod-portforward", "[\"\"]", "[\"pods\"]", "[\"get\"]")]
    [InlineData("rbac-create-workloads", "[\"apps\"]", "[\"deployments\"]", "[\"delete\", \"get\"]")]
    [InlineData("rbac-create-workloads", "[\"apps\"]", "[\"deployments/status\"]", "[\"update\", \"patch\"]")]
    [InlineData("rbac-bind-escalate", "[\"rbac.authorization.k8s.io\"]", "[\"clusterroles\"]", "[\"get\"]")]
    [InlineData("rbac-nodes-proxy", "[\"\"]", "[\"nodes/metrics\"]", "[\"get\"]")]
    [InlineData("rbac-serviceaccount-token", "[\"\"]", "[\"serviceaccounts\"]", "[\"create\"]")]
    [InlineData("rbac-webhook-configurations", "[\"admissionregistration.k8s.io\"]", "[\"validatingwebhookconfigurations\"]", "[\"list\"]")]
    [InlineData("rbac-create-persistentvolumes", "[\"\"]", "[\"persistentvolumeclaims\"]", "[\"create\"]")]
    public void Neighbouring_harmless_permissions_are_clean(string rule, string groups, string resources, string verbs)
    {
        var result = ClusterScan.Yaml(Role($"- apiGroups: {groups}\n  resources: {resources}\n  verbs: {verbs}", kind: "ClusterRole"));
        Assert.Empty(result.Findings(rule));
    }

    [Fact]
    public void Csr_approval_needs_both_the_approval_subresource_and_a_signer()
    {
        const string approval = "- apiGroups: [\"certificates.k8s.io\"]\n  resources: [\"certificatesigningrequests/approval\"]\n  verbs: [\"update\"]";
        const string signer = "\n- apiGroups: [\"certificates.k8s.io\"]\n  resources: [\"signers\"]\n  resourceNames: [\"kubernetes.io/kube-apiserver-client\"]\n  verbs: [\"approve\"]";
        Assert.Empty(ClusterScan.Yaml(Role(approval, kind: "ClusterRole")).Findings("rbac-csr-approval"));
        var f = Assert.Single(ClusterScan.Yaml(Role(approval + signer, kind: "ClusterRole")).Findings("rbac-csr-approval"));
        Assert.Contains("approve on signers (kubernetes.io/kube-apiserver-client)", f.Message);
    }

    [Fact]
    public void Everyone_groups_as_subjects_are_reported_except_in_the_discovery_bindings()
    {
        var result = ClusterScan.Yaml(
            Binding("ClusterRole", "view", "- kind: Group\n  name: system:authenticated\n- kind: User\n  name: system:anonymous", kind: "ClusterRoleBinding", name: "everyone") + "\n---\n" +
            Binding("ClusterRole", "system:public-info-viewer", "- kind: Group\n  name: system:unauthenticated", kind: "ClusterRoleBinding", name: "public"));
        var found = result.Findings("rbac-broad-group-subject");
        Assert.Equal(["ClusterRoleBinding \"everyone\" binds ClusterRole \"view\" to Group system:authenticated",
                      "ClusterRoleBinding \"everyone\" binds ClusterRole \"view\" to User system:anonymous"], found.Select(f => f.Message));
    }

    [Fact]
    public void System_masters_as_a_subject_is_reported()
    {
        var result = ClusterScan.Yaml(Binding("ClusterRole", "view", "- kind: Group\n  name: system:masters", kind: "ClusterRoleBinding", name: "masters"));
        Assert.Equal("subjects[0]", Assert.Single(result.Findings("rbac-system-masters-subject")).Path);
    }

    [Fact]
    public void The_default_service_account_without_a_namespace_is_the_role_bindings_own()
    {
        var result = ClusterScan.Yaml(Binding("Role", "r", "- kind: ServiceAccount\n  name: default"));
        Assert.Equal("RoleBinding \"shop/b\" binds Role \"r\" to ServiceAccount shop/default", Assert.Single(result.Findings("rbac-default-serviceaccount-bound")).Message);
        Assert.Empty(ClusterScan.Yaml(Binding("Role", "r", AppAccount)).Findings("rbac-default-serviceaccount-bound"));
    }

    [Fact]
    public void Inventory_findings_come_in_the_same_order_on_every_run()
    {
        var files = Enumerable.Range(0, 12).Select(i => ($"r{i}.yaml", Role("- apiGroups: [\"\"]\n  resources: [\"secrets\", \"pods/exec\"]\n  verbs: [\"get\", \"create\"]", name: $"r{i}"))).ToArray();
        var first = ClusterScan.Files(files).Findings.Select(f => $"{f.File} {f.Rule}").ToList();
        var second = ClusterScan.Files(files).Findings.Select(f => $"{f.File} {f.Rule}").ToList();
        Assert.Equal(first, second);
        Assert.Equal("r0.yaml", first[0].Split(' ')[0]);
    }
}
