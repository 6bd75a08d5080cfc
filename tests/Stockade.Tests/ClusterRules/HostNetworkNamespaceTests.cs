namespace Stockade.Tests.ClusterRules;

/// <summary>hostNetwork pods and the namespace rules: no NetworkPolicy or container-CIDR rule can be relied on for them.</summary>
public class HostNetworkNamespaceTests
{
    private static string Deployment(string name, string extra = "", string ns = "shop") => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{{name}}}
          namespace: {{{ns}}}
        spec:
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata:
              labels: {app: {{{name}}}}
            spec:
              {{{extra}}}
              containers:
              - name: app
                image: registry.example.com/{{{name}}}:1
        """;

    private const string DenyAll = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]";

    [Fact]
    public void A_host_network_workload_selected_by_a_default_deny_egress_policy_can_still_reach_the_api_server()
    {
        var result = ClusterScan.Yaml(Deployment("web") + "\n---\n" + Deployment("agent", "hostNetwork: true") + "\n---\n" + DenyAll);
        var f = Assert.Single(result.Findings("workload-apiserver-egress"));
        Assert.Equal("Deployment/shop/agent", f.Object.ToString());
        Assert.Contains("its pods use the host network, so they can reach the API server (NetworkPolicy \"deny-all\" selects them, which does not stop them)", f.Message);
        Assert.Contains("an iptables rule on the container CIDR cannot match them (they send from the node's address)", f.Message);
    }

    [Fact]
    public void A_namespace_default_deny_is_said_not_to_protect_its_host_network_pods()
    {
        var result = ClusterScan.Yaml(Deployment("web") + "\n---\n" + Deployment("agent", "hostNetwork: true") + "\n---\n" + DenyAll);
        foreach (var (rule, direction) in new[] { ("namespace-default-deny-ingress", "ingress"), ("namespace-default-deny-egress", "egress") })
        {
            var f = Assert.Single(result.Findings(rule));
            Assert.Equal("Deployment/shop/agent", f.Object.ToString());
            Assert.Contains($"uses the host network, so the default-deny {direction} NetworkPolicy \"deny-all\" of namespace \"shop\" does not protect its pods", f.Message);
            Assert.Contains("NetworkPolicy behaviour for hostNetwork pods is undefined upstream", f.Message);
        }
    }

    [Fact]
    public void A_custom_resource_workload_without_a_namespace_is_in_the_namespace_it_is_applied_to_for_the_namespace_rules()
    {
        const string rollout = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - {name: app, image: registry.example.com/web:1}";
        var alone = ClusterScan.Yaml(rollout);
        Assert.Equal("Rollout/web", Assert.Single(alone.Findings("workload-apiserver-egress")).Object.ToString());
        Assert.Single(alone.Findings("namespace-resourcequota"));
        // With a default-deny written without a namespace too, both land in the same namespace.
        var denied = ClusterScan.Yaml(rollout + "\n---\n" + DenyAll.Replace("  namespace: shop\n", ""));
        Assert.Empty(denied.Findings("workload-apiserver-egress"));
        Assert.Empty(denied.Findings("namespace-default-deny-egress"));
    }
}
