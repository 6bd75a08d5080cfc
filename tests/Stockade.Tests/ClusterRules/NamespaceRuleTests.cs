namespace Stockade.Tests.ClusterRules;

public class NamespaceRuleTests
{
    private static readonly string[] NamespaceWide = ["namespace-default-deny-ingress", "namespace-default-deny-egress", "namespace-resourcequota", "namespace-limitrange"];

    private const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels:
            pod-security.kubernetes.io/enforce: restricted
        """;

    private static string Deployment(string name = "web", string ns = "shop", string labels = "app: web") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          selector: {matchLabels: { {{labels}} } }
          template:
            metadata:
              labels: { {{labels}} }
            spec:
              containers:
              - name: app
                image: registry.example.com/web:1
        """;

    private static string Policy(string name, string spec, string ns = "shop") => $"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: {name}
          namespace: {ns}
        spec:
        {TestScan.Indent(spec, 2)}
        """;

    private const string Quota = "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: shop\nspec:\n  hard:\n    pods: \"10\"";
    private const string Limits = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: l\n  namespace: shop\nspec:\n  limits:\n  - type: Container\n    default: {memory: 256Mi}";
    private const string DenyAll = "podSelector: {}\npolicyTypes: [Ingress, Egress]";

    [Fact]
    public void A_namespace_scanned_with_its_workload_but_nothing_else_is_reported_at_the_namespace_object()
    {
        var result = ClusterScan.Files(("deploy.yaml", Deployment()), ("ns.yaml", Namespace));
        foreach (var id in NamespaceWide)
        {
            var f = Assert.Single(result.Findings(id));
            Assert.Equal(("ns.yaml", 1, "Namespace"), (f.File, f.Line, f.Object.Kind));
            Assert.Contains("namespace \"shop\"", f.Message);
        }
        var egress = Assert.Single(result.Findings("workload-apiserver-egress"));
        Assert.Equal(("deploy.yaml", "Deployment"), (egress.File, egress.Object.Kind));
    }

    [Fact]
    public void Without_the_namespace_object_findings_point_at_the_first_object_of_the_namespace()
    {
        var result = ClusterScan.Yaml(Deployment("first") + "\n---\n" + Deployment("second"));
        Assert.Equal("Deployment/shop/first", Assert.Single(result.Findings("namespace-resourcequota")).Object.ToString());
        Assert.Equal(2, result.Findings("workload-apiserver-egress").Count);
    }

    [Fact]
    public void A_namespace_with_only_rbac_objects_is_not_judged()
    {
        var result = ClusterScan.Yaml("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop");
        Assert.All(NamespaceWide, id => Assert.Empty(result.Findings(id)));
    }

    [Fact]
    public void Default_deny_policies_quota_and_limits_across_documents_and_files_make_the_namespace_clean()
    {
        var result = ClusterScan.Files(
            ("ns.yaml", Namespace),
            ("deploy.yaml", Deployment()),
            ("policy.yaml", Policy("deny", DenyAll) + "\n---\n" + Quota + "\n---\n" + Limits));
        Assert.All(NamespaceWide.Append("workload-apiserver-egress"), id => Assert.Empty(result.Findings(id)));
    }

    [Fact]
    public void Policies_in_another_namespace_do_not_count()
    {
        var result = ClusterScan.Yaml(Deployment() + "\n---\n" + Policy("deny", DenyAll, ns: "other"));
        Assert.Single(result.Findings("namespace-default-deny-ingress"));
        Assert.Single(result.Findings("workload-apiserver-egress"));
    }

    [Fact]
    public void A_policy_selecting_some_pods_or_having_rules_is_not_a_default_deny()
    {
        var result = ClusterScan.Yaml(Deployment() + "\n---\n" +
            Policy("some", "podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress, Egress]") + "\n---\n" +
            Policy("rules", "podSelector: {}\npolicyTypes: [Ingress]\ningress:\n- from:\n  - podSelector: {}"));
        Assert.Single(result.Findings("namespace-default-deny-ingress"));
        Assert.Single(result.Findings("namespace-default-deny-egress"));
        // The first policy selects the pods for egress and allows nothing: their egress is blocked.
        Assert.Empty(result.Findings("workload-apiserver-egress"));
    }

    [Fact]
    public void Without_policy_types_a_policy_is_ingress_only_unless_it_has_egress_rules()
    {
        var ingressOnly = ClusterScan.Yaml(Deployment() + "\n---\n" + Policy("p", "podSelector: {}"));
        Assert.Empty(ingressOnly.Findings("namespace-default-deny-ingress"));
        Assert.Single(ingressOnly.Findings("namespace-default-deny-egress"));
        var withEgress = ClusterScan.Yaml(Deployment() + "\n---\n" + Policy("p", "podSelector: {}\negress:\n- to:\n  - podSelector: {}"));
        Assert.Single(withEgress.Findings("namespace-default-deny-egress"));
        Assert.Empty(withEgress.Findings("workload-apiserver-egress"));
    }

    [Fact]
    public void Egress_policies_select_workloads_by_match_expressions()
    {
        var policy = Policy("p", "podSelector:\n  matchExpressions:\n  - {key: app, operator: In, values: [web]}\npolicyTypes: [Egress]");
        var result = ClusterScan.Yaml(Deployment() + "\n---\n" + Deployment("api", labels: "app: api") + "\n---\n" + policy);
        Assert.Equal("Deployment/shop/api", Assert.Single(result.Findings("workload-apiserver-egress")).Object.ToString());
    }

    [Fact]
    public void An_egress_policy_that_allows_everything_does_not_block_the_api_server()
    {
        var result = ClusterScan.Yaml(Deployment() + "\n---\n" + Policy("open", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 0.0.0.0/0}"));
        Assert.Contains("NetworkPolicy \"open\" allows its pods egress to every address", Assert.Single(result.Findings("workload-apiserver-egress")).Message);
        var narrowed = ClusterScan.Yaml(Deployment() + "\n---\n" + Policy("open", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 0.0.0.0/0, except: [10.96.0.1/32]}"));
        Assert.Empty(narrowed.Findings("workload-apiserver-egress"));
    }

    [Fact]
    public void In_a_dump_pods_and_replica_sets_of_a_scanned_deployment_are_reported_once_at_the_deployment()
    {
        const string replicaSet = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-5d8f\n  namespace: shop\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: Deployment, name: web, uid: a, controller: true}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - {name: app, image: x}";
        const string orphanPod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-5d8f-abc\n  namespace: shop\n  labels: {app: web}\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: gone, uid: b, controller: true}\nspec:\n  containers:\n  - {name: app, image: x}";
        var result = ClusterScan.Yaml(Deployment() + "\n---\n" + replicaSet + "\n---\n" + orphanPod);
        Assert.Equal(["Deployment/shop/web", "Pod/shop/web-5d8f-abc"], result.Findings("workload-apiserver-egress").Select(f => f.Object.ToString()));
    }

    [Fact]
    public void A_workload_the_api_server_would_reject_is_not_judged()
    {
        var result = ClusterScan.Yaml(Deployment().Replace("image: registry.example.com/web:1", "image: [not, a, string]"));
        Assert.NotEmpty(result.Errors);
        Assert.Empty(result.Findings("workload-apiserver-egress"));
        Assert.Empty(result.Findings("namespace-resourcequota"));
    }

    [Theory]
    [InlineData("", "has no pod-security.kubernetes.io/enforce label")]
    [InlineData("\n  labels:\n    pod-security.kubernetes.io/enforce: privileged", "enforces the privileged level")]
    [InlineData("\n  labels:\n    pod-security.kubernetes.io/enforce: strict", "which is not a level")]
    public void Namespaces_without_an_enforced_level_are_reported(string labels, string message)
    {
        var result = ClusterScan.Yaml($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop{labels}");
        Assert.Contains(message, Assert.Single(result.Findings("namespace-pod-security-enforce")).Message);
    }

    [Fact]
    public void A_namespace_enforcing_baseline_is_clean()
    {
        var result = ClusterScan.Yaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline");
        Assert.Empty(result.Findings("namespace-pod-security-enforce"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("\nautomountServiceAccountToken: true", true)]
    [InlineData("\nautomountServiceAccountToken: false", false)]
    public void Service_accounts_automount_their_token_unless_they_say_false(string field, bool reported)
    {
        var result = ClusterScan.Yaml($"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop{field}");
        Assert.Equal(reported ? 1 : 0, result.Findings("serviceaccount-automount").Count);
    }

    [Fact]
    public void Namespace_rules_are_off_in_the_default_profile()
    {
        var result = TestScan.Yaml(Deployment());
        Assert.All(NamespaceWide.Append("workload-apiserver-egress"), id => Assert.Empty(result.Findings(id)));
    }
}
