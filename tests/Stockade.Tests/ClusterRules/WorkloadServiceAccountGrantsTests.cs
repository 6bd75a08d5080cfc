namespace Stockade.Tests.ClusterRules;

/// <summary>workload-service-account-grants: a workload's ServiceAccount joined through the RBAC resolver to the grants it holds.</summary>
public class WorkloadServiceAccountGrantsTests
{
    private const string Rule = "workload-service-account-grants";

    private static string Deployment(string spec = "", string ns = "shop") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: {ns}
        spec:
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
        {spec}      containers:
                - name: api
                  image: registry.example.com/api:1.0
        """;

    private const string SecretsRole = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: reader
          namespace: shop
        rules:
          - apiGroups: [""]
            resources: ["secrets"]
            verbs: ["list"]
        """;

    private static string Binding(string roleKind, string roleName, string account, string kind = "RoleBinding") => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: {kind}
        metadata:
          name: b
        {(kind == "RoleBinding" ? "  namespace: shop\n" : "")}roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: {roleKind}
          name: {roleName}
        subjects:
          - kind: ServiceAccount
            name: {account}
            namespace: shop
        """;

    [Fact]
    public void A_deployment_whose_service_account_may_list_secrets_is_reported_naming_the_binding_and_role()
    {
        var result = ClusterScan.Files(("deploy.yaml", Deployment("      serviceAccountName: api\n")), ("role.yaml", SecretsRole), ("binding.yaml", Binding("Role", "reader", "api")));
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("deploy.yaml", f.File);
        Assert.Equal("Deployment \"api\" runs as ServiceAccount \"shop/api\", and its pods hold the token: RoleBinding \"shop/b\" grants Role \"reader\", which allows list on secrets (rbac-secrets-read)", f.Message);
    }

    [Fact]
    public void A_pod_template_naming_no_service_account_holds_the_grants_of_default()
    {
        var result = ClusterScan.Files(("deploy.yaml", Deployment()), ("binding.yaml", Binding("ClusterRole", "cluster-admin", "default", "ClusterRoleBinding")));
        Assert.Contains("runs as ServiceAccount \"shop/default\"", Assert.Single(result.Findings(Rule)).Message);
        Assert.Contains("ClusterRoleBinding \"b\" grants ClusterRole \"cluster-admin\", which has every permission", result.Findings(Rule).Single().Message);
    }

    [Fact]
    public void No_token_mounted_by_the_service_accounts_setting_is_not_reported_but_the_pods_true_wins()
    {
        const string account = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\nautomountServiceAccountToken: false\n";
        var off = ClusterScan.Files(("deploy.yaml", Deployment("      serviceAccountName: api\n")), ("sa.yaml", account), ("role.yaml", SecretsRole), ("binding.yaml", Binding("Role", "reader", "api")));
        Assert.Empty(off.Findings(Rule));
        var on = ClusterScan.Files(("deploy.yaml", Deployment("      serviceAccountName: api\n      automountServiceAccountToken: true\n")), ("sa.yaml", account), ("role.yaml", SecretsRole), ("binding.yaml", Binding("Role", "reader", "api")));
        Assert.Single(on.Findings(Rule));
    }

    [Fact]
    public void A_projected_volume_may_carry_a_token_whatever_automounting_says()
    {
        const string spec = "      serviceAccountName: api\n      automountServiceAccountToken: false\n      volumes:\n        - name: t\n          projected:\n            sources:\n              - serviceAccountToken: {path: token}\n";
        var result = ClusterScan.Files(("deploy.yaml", Deployment(spec)), ("role.yaml", SecretsRole), ("binding.yaml", Binding("Role", "reader", "api")));
        Assert.Single(result.Findings(Rule));
    }

    [Fact]
    public void A_grant_in_another_namespace_or_to_another_account_is_not_the_workloads()
    {
        var other = ClusterScan.Files(("deploy.yaml", Deployment("      serviceAccountName: api\n", ns: "other")), ("role.yaml", SecretsRole), ("binding.yaml", Binding("Role", "reader", "api")));
        Assert.Empty(other.Findings(Rule));
        var account = ClusterScan.Files(("deploy.yaml", Deployment("      serviceAccountName: web\n")), ("role.yaml", SecretsRole), ("binding.yaml", Binding("Role", "reader", "api")));
        Assert.Empty(account.Findings(Rule));
    }
}
