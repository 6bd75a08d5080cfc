namespace Stockade.Tests.ClusterRules;

/// <summary>The RBAC, control-plane, kubelet and Pod Security label checks added to close the peers' catalogues (issue 14).</summary>
public class PeerGapRuleTests
{
    private static string Rule(string groups, string resources, string verbs, string names = "") =>
        $"- apiGroups: {groups}\n  resources: {resources}\n" + (names.Length > 0 ? $"  resourceNames: {names}\n" : "") + $"  verbs: {verbs}";

    private static string EditBinding(string ns) => $"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: editors
          namespace: {ns}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: edit
        subjects:
        - kind: Group
          name: developers
          apiGroup: rbac.authorization.k8s.io
        """;

    [Theory]
    [InlineData("[\"apps\"]", "[\"deployments\"]", "[\"patch\"]", "allows patch on deployments.apps")]
    [InlineData("[\"\"]", "[\"pods\"]", "[\"update\"]", "allows update on pods")]
    [InlineData("[\"batch\"]", "[\"cronjobs\", \"jobs\"]", "[\"create\", \"update\"]", "allows create, update on jobs.batch, cronjobs.batch")]
    public void Changing_a_workload_is_reported_as_creating_one(string groups, string resources, string verbs, string message)
    {
        var f = Assert.Single(ClusterScan.Yaml(RbacRuleTests.Role(Rule(groups, resources, verbs))).Findings("rbac-create-workloads"));
        Assert.Contains(message, f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rbac-secrets-write", "[\"\"]", "[\"secrets\"]", "[\"create\"]")]
    [InlineData("rbac-secrets-write", "[\"\"]", "[\"secrets\"]", "[\"deletecollection\"]")]
    [InlineData("rbac-role-write", "[\"rbac.authorization.k8s.io\"]", "[\"rolebindings\"]", "[\"update\"]")]
    [InlineData("rbac-role-write", "[\"*\"]", "[\"clusterrolebindings\"]", "[\"create\"]")]
    [InlineData("rbac-delete-events", "[\"events.k8s.io\"]", "[\"events\"]", "[\"delete\"]")]
    [InlineData("rbac-delete-events", "[\"\"]", "[\"pods/log\"]", "[\"deletecollection\"]")]
    [InlineData("rbac-delete-resources", "[\"\"]", "[\"namespaces\"]", "[\"delete\"]")]
    [InlineData("rbac-configmaps-write", "[\"\"]", "[\"configmaps\"]", "[\"patch\"]")]
    [InlineData("rbac-networking-write", "[\"discovery.k8s.io\"]", "[\"endpointslices\"]", "[\"create\"]")]
    [InlineData("rbac-networking-write", "[\"networking.k8s.io\"]", "[\"networkpolicies\"]", "[\"delete\"]")]
    public void A_write_permission_is_reported_by_its_rule(string rule, string groups, string resources, string verbs)
    {
        Assert.Single(ClusterScan.Yaml(RbacRuleTests.Role(Rule(groups, resources, verbs), kind: "ClusterRole")).Findings(rule));
    }

    [Theory]
    [InlineData("rbac-secrets-write", "[\"\"]", "[\"secrets\"]", "[\"get\", \"list\", \"watch\"]")]
    [InlineData("rbac-role-write", "[\"rbac.authorization.k8s.io\"]", "[\"rolebindings\"]", "[\"get\", \"list\", \"watch\"]")]
    [InlineData("rbac-delete-events", "[\"\"]", "[\"events\"]", "[\"create\", \"patch\"]")]
    [InlineData("rbac-delete-resources", "[\"apps\"]", "[\"deployments\"]", "[\"update\"]")]
    [InlineData("rbac-networking-write", "[\"\"]", "[\"services\"]", "[\"get\", \"list\"]")]
    public void Reading_is_not_writing(string rule, string groups, string resources, string verbs)
    {
        Assert.Empty(ClusterScan.Yaml(RbacRuleTests.Role(Rule(groups, resources, verbs), kind: "ClusterRole")).Findings(rule));
    }

    [Fact]
    public void A_write_narrowed_to_named_secrets_is_not_reported()
    {
        Assert.Empty(ClusterScan.Yaml(RbacRuleTests.Role(Rule("[\"\"]", "[\"secrets\"]", "[\"update\"]", "[\"tls\"]"))).Findings("rbac-secrets-write"));
    }

    [Fact]
    public void Naming_the_coredns_configmap_in_resource_names_is_still_a_write_on_it()
    {
        var f = Assert.Single(ClusterScan.Yaml(RbacRuleTests.Role(Rule("[\"\"]", "[\"configmaps\"]", "[\"patch\"]", "[\"coredns\"]"), ns: "kube-system")).Findings("rbac-sensitive-configmaps-write"));
        Assert.Contains("allows patch on configmaps kube-system/coredns", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_role_that_can_create_every_configmap_can_create_aws_auth()
    {
        var f = Assert.Single(ClusterScan.Yaml(RbacRuleTests.Role(Rule("[\"\"]", "[\"configmaps\"]", "[\"create\"]"), kind: "ClusterRole")).Findings("rbac-sensitive-configmaps-write"));
        Assert.Contains("allows create on configmaps kube-system/coredns and kube-system/aws-auth", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configmap_writes_outside_kube_system_or_on_other_names_do_not_reach_the_sensitive_ones()
    {
        Assert.Empty(ClusterScan.Yaml(RbacRuleTests.Role(Rule("[\"\"]", "[\"configmaps\"]", "[\"update\"]"), ns: "shop")).Findings("rbac-sensitive-configmaps-write"));
        Assert.Empty(ClusterScan.Yaml(RbacRuleTests.Role(Rule("[\"\"]", "[\"configmaps\"]", "[\"update\"]", "[\"kube-proxy\"]"), ns: "kube-system")).Findings("rbac-sensitive-configmaps-write"));
        // create cannot be narrowed by name, so a named create grants nothing on aws-auth.
        Assert.Empty(ClusterScan.Yaml(RbacRuleTests.Role(Rule("[\"\"]", "[\"configmaps\"]", "[\"create\"]", "[\"coredns\"]"), ns: "kube-system")).Findings("rbac-sensitive-configmaps-write"));
    }

    [Fact]
    public void The_built_in_edit_role_is_a_sensitive_configmap_grant_only_when_bound_in_kube_system()
    {
        Assert.Empty(ClusterScan.Yaml(EditBinding("shop")).Findings("rbac-sensitive-configmaps-write"));
        var f = Assert.Single(ClusterScan.Yaml(EditBinding("kube-system")).Findings("rbac-sensitive-configmaps-write"));
        Assert.Equal("roleRef", f.Path);
        // The same binding in any namespace grants write on that namespace's Secrets.
        Assert.NotEmpty(ClusterScan.Yaml(EditBinding("shop")).Findings("rbac-secrets-write"));
    }

    private static string ApiServer(params string[] flags) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: kube-apiserver
          namespace: kube-system
        spec:
          containers:
          - name: kube-apiserver
            image: registry.k8s.io/kube-apiserver:v1.33.1
            command:
            - kube-apiserver
        {string.Join("\n", flags.Select(f => "    - " + f))}
        """;

    private static List<string> Messages(string yaml, string rule) => ClusterScan.Yaml(yaml).Findings(rule).Select(f => f.Message).ToList();

    [Fact]
    public void An_admission_plugin_is_enabled_only_when_listed_and_not_disabled()
    {
        Assert.Equal(["kube-apiserver: --enable-admission-plugins is not set (AlwaysPullImages is not on by default): a pod can run an image cached on its node without the pull credentials for it"],
            Messages(ApiServer(), "apiserver-always-pull-images"));
        Assert.Empty(Messages(ApiServer("--enable-admission-plugins=NodeRestriction", "--enable-admission-plugins=AlwaysPullImages"), "apiserver-always-pull-images"));
        Assert.Equal(["kube-apiserver: --disable-admission-plugins turns off AlwaysPullImages: a pod can run an image cached on its node without the pull credentials for it"],
            Messages(ApiServer("--enable-admission-plugins=AlwaysPullImages", "--disable-admission-plugins=AlwaysPullImages"), "apiserver-always-pull-images"));
    }

    [Fact]
    public void Event_rate_limit_needs_its_configuration_file()
    {
        var found = Messages(ApiServer("--enable-admission-plugins=EventRateLimit"), "apiserver-event-rate-limit");
        Assert.Contains("--admission-control-config-file is not set", Assert.Single(found), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--insecure-port=8080", "--insecure-port=8080 serves plain HTTP")]
    [InlineData("--insecure-bind-address=0.0.0.0", "--insecure-bind-address=0.0.0.0 binds the unauthenticated HTTP port")]
    [InlineData("--secure-port=0", "--secure-port=0 turns the authenticated HTTPS port off")]
    public void Insecure_serving_flags_are_reported(string flag, string message)
    {
        Assert.Contains(message, Assert.Single(Messages(ApiServer(flag), "control-plane-insecure-serving")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_insecure_port_of_zero_and_a_default_secure_port_are_clean()
    {
        Assert.Empty(Messages(ApiServer("--insecure-port=0"), "control-plane-insecure-serving"));
    }

    [Fact]
    public void Etcd_cipher_suites_and_min_version_are_read_under_their_own_names()
    {
        var etcd = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: etcd
              namespace: kube-system
            spec:
              containers:
              - name: etcd
                image: registry.k8s.io/etcd:3.5.21-0
                command: [etcd, --cipher-suites=TLS_RSA_WITH_AES_128_CBC_SHA, --tls-min-version=TLS1.1]
            """;
        Assert.Equal(["etcd: --cipher-suites includes TLS_RSA_WITH_AES_128_CBC_SHA, which is not forward-secret AEAD", "etcd: --tls-min-version=TLS1.1 accepts TLS older than 1.2"],
            Messages(etcd, "control-plane-tls"));
    }

    [Fact]
    public void The_extension_of_pod_tokens_is_the_default_and_is_reported_until_switched_off()
    {
        Assert.Single(Messages(ApiServer(), "apiserver-extend-token-expiration"));
        Assert.Empty(Messages(ApiServer("--service-account-extend-token-expiration=false"), "apiserver-extend-token-expiration"));
    }

    [Theory]
    [InlineData("\"0\"", true)]
    [InlineData("0s", true)]
    [InlineData("0h0m0s", true)]
    [InlineData("5m", false)]
    [InlineData("0.5s", false)]
    public void A_zero_streaming_idle_timeout_is_reported_in_any_duration_spelling(string value, bool reported)
    {
        Assert.Equal(reported, Messages(KubeletRuleTests.Config($"streamingConnectionIdleTimeout: {value}\n"), "kubelet-streaming-connection-idle-timeout").Count == 1);
    }

    [Fact]
    public void Kubelet_settings_off_by_their_defaults_are_reported()
    {
        Assert.Single(Messages(KubeletRuleTests.Config("makeIPTablesUtilChains: false\n"), "kubelet-make-iptables-util-chains"));
        Assert.Empty(Messages(KubeletRuleTests.Config(""), "kubelet-make-iptables-util-chains"));
        Assert.Equal(["kubelet: eventRecordQPS is not set (default 50): events past 50 per second are dropped"], Messages(KubeletRuleTests.Config(""), "kubelet-event-record-qps"));
        Assert.Empty(Messages(KubeletRuleTests.Config("eventRecordQPS: 0\n"), "kubelet-event-record-qps"));
        Assert.Contains("kubelet: tlsMinVersion is VersionTLS10: TLS older than 1.2 is accepted", Messages(KubeletRuleTests.Config("tlsMinVersion: VersionTLS10\n"), "kubelet-tls-cipher-suites"));
    }

    [Fact]
    public void A_namespace_with_warn_and_audit_but_no_enforce_label_is_told_its_pods_are_admitted()
    {
        var ns = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels:
                pod-security.kubernetes.io/warn: restricted
                pod-security.kubernetes.io/audit: restricted
            """;
        Assert.Equal(["Namespace \"shop\" has pod-security.kubernetes.io/warn and audit but no pod-security.kubernetes.io/enforce label: violations are shown to the client as warnings and recorded in the audit log, and the pods are admitted (unless a cluster default applies)"],
            Messages(ns, "namespace-pod-security-enforce"));
    }
}
