namespace Stockade.Tests.ClusterRules;

/// <summary>The flag rules added for the peers' checks: durations, loopback addresses, and the programs they read.</summary>
public class ComponentFlagRuleTests
{
    private static string Pod(string program, params string[] flags) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {program}
          namespace: kube-system
        spec:
          containers:
          - name: {program}
            image: registry.k8s.io/{program}:v1.33.1
            command:
            - {program}
        {string.Concat(flags.Select(f => $"    - {f}\n"))}
        """;

    [Theory]
    [InlineData("--request-timeout=0s", true)]
    [InlineData("--request-timeout=0", true)]
    [InlineData("--request-timeout=5m0s", false)]
    [InlineData("--request-timeout=5m1s", true)]
    [InlineData("--request-timeout=1.5m", false)]
    [InlineData("--request-timeout=sixty", true)]
    public void The_request_timeout_is_read_as_a_go_duration(string flag, bool reported) =>
        Assert.Equal(reported, ClusterScan.Yaml(Pod("kube-apiserver", flag)).Findings("apiserver-request-timeout").Count == 1);

    [Theory]
    [InlineData("--metrics-bind-address=127.0.0.1:10249", false)]
    [InlineData("--metrics-bind-address=[::1]:10249", false)]
    [InlineData("--metrics-bind-address=localhost", false)]
    [InlineData("--metrics-bind-address=:10249", true)]
    [InlineData("--metrics-bind-address=0.0.0.0:10249", true)]
    [InlineData("--metrics-bind-address=[::]:10249", true)]
    public void Kube_proxy_metrics_are_accepted_on_loopback_only(string flag, bool reported) =>
        Assert.Equal(reported, ClusterScan.Yaml(Pod("kube-proxy", flag)).Findings("kube-proxy-metrics-bind-address").Count == 1);

    [Fact]
    public void The_hostname_override_rule_reads_the_kubelet_only()
    {
        Assert.Single(ClusterScan.Yaml(Pod("kubelet", "--hostname-override=n1")).Findings("kubelet-hostname-override"));
        Assert.Empty(ClusterScan.Yaml(Pod("kube-proxy", "--hostname-override=n1")).Findings("kubelet-hostname-override"));
    }
}
