namespace Stockade.Tests.ClusterRules;

public class AuditPolicyRuleTests
{
    private static Stockade.Engine.ScanResult Scan(string rules) => ClusterScan.Yaml("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n" + rules);

    private const string SensitiveAtMetadata = """
        - level: Metadata
          resources:
          - group: ""
            resources: ["secrets", "configmaps"]
          - group: authentication.k8s.io
            resources: ["tokenreviews"]
        """;

    [Fact]
    public void A_policy_with_sensitive_resources_at_metadata_then_request_bodies_is_clean()
    {
        var result = Scan(SensitiveAtMetadata + "\n- level: RequestResponse");
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Rule_order_matters_the_first_matching_rule_wins()
    {
        var result = Scan("- level: RequestResponse\n" + SensitiveAtMetadata);
        var bodies = result.Findings("audit-policy-sensitive-bodies");
        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, f => Assert.Equal("rules[0]", f.Path));
    }

    [Fact]
    public void All_none_records_nothing_and_is_said_once()
    {
        var result = Scan("- level: None\n  users: [system:kube-proxy]\n- level: None");
        Assert.Single(result.Findings("audit-policy-logs-nothing"));
        Assert.Empty(result.Findings("audit-policy-pod-access"));
        Assert.Empty(result.Findings("audit-policy-sensitive-bodies"));
        Assert.Single(ClusterScan.Yaml("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []").Findings("audit-policy-logs-nothing"));
    }

    [Fact]
    public void A_narrowed_rule_that_logs_bodies_before_the_metadata_rule_is_reported()
    {
        var result = Scan("- level: Request\n  userGroups: [\"system:serviceaccounts\"]\n  resources:\n  - group: \"\"\n    resources: [\"secrets\"]\n" + SensitiveAtMetadata);
        var f = Assert.Single(result.Findings("audit-policy-sensitive-bodies"));
        Assert.Equal("audit Policy logs secrets at Request (rules[0]): their contents are written to the audit log", f.Message);
    }

    [Fact]
    public void Logging_the_body_of_one_named_secret_is_reported_but_does_not_hide_the_others()
    {
        var result = Scan("- level: RequestResponse\n  resources:\n  - group: \"\"\n    resources: [\"secrets\"]\n    resourceNames: [\"db-password\"]\n" + SensitiveAtMetadata);
        Assert.Equal("rules[0]", Assert.Single(result.Findings("audit-policy-sensitive-bodies")).Path);
    }

    [Fact]
    public void Sensitive_resources_silenced_for_everyone_are_reported()
    {
        var result = Scan("- level: None\n  resources:\n  - group: \"\"\n    resources: [\"secrets\"]\n- level: Metadata");
        Assert.Equal("audit Policy does not record get, list, watch, create, update, patch, delete, deletecollection on secrets: rules[0] sets level None",
            Assert.Single(result.Findings("audit-policy-sensitive-bodies")).Message);
    }

    [Fact]
    public void Silencing_only_one_system_user_is_fine()
    {
        var result = Scan("- level: None\n  users: [\"system:kube-proxy\"]\n  verbs: [\"watch\"]\n" + SensitiveAtMetadata + "\n- level: Metadata");
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Exec_attach_portforward_and_proxy_must_be_recorded()
    {
        var result = Scan(SensitiveAtMetadata + "\n- level: None\n  resources:\n  - group: \"\"\n    resources: [\"pods/exec\", \"*/proxy\"]\n- level: Metadata\n  resources:\n  - group: \"\"\n    resources: [\"pods/*\"]");
        Assert.Equal(
            ["audit Policy does not record create or get on pods/exec: rules[1] sets level None",
             "audit Policy does not record create or get on pods/proxy: rules[1] sets level None",
             "audit Policy does not record create or get on services/proxy: rules[1] sets level None",
             "audit Policy does not record create or get on nodes/proxy: rules[1] sets level None"],
            result.Findings("audit-policy-pod-access").Select(f => f.Message));
    }

    [Fact]
    public void A_policy_that_only_records_pods_misses_their_subresources()
    {
        var result = Scan(SensitiveAtMetadata + "\n- level: Metadata\n  resources:\n  - group: \"\"\n    resources: [\"pods\"]");
        Assert.Equal(6, result.Findings("audit-policy-pod-access").Count);
        Assert.All(result.Findings("audit-policy-pod-access"), f => Assert.EndsWith("no rule matches it", f.Message));
    }
}
