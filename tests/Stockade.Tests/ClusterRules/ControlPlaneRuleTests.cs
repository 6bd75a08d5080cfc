namespace Stockade.Tests.ClusterRules;

public class ControlPlaneRuleTests
{
    private static readonly string[] ControlPlaneIds = Stockade.Rules.ControlPlaneRules.All.Select(r => r.Id).ToArray();

    private static string StaticPod(string component, string argv, string image = "registry.k8s.io/kube-apiserver:v1.30.2") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {component}-cp1
          namespace: kube-system
        spec:
          hostNetwork: true
          containers:
          - name: {component}
            image: {image}
        {TestScan.Indent(argv, 4)}
        """;

    private static List<string> ControlPlaneFindings(string yaml) =>
        ClusterScan.Yaml(yaml).Findings.Where(f => ControlPlaneIds.Contains(f.Rule)).Select(f => $"{f.Rule}: {f.Message}").ToList();

    private const string HardenedApiServer = """
        command:
        - kube-apiserver
        - --anonymous-auth=false
        - --authorization-mode=Node,RBAC
        - --enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,ImagePolicyWebhook
        - --admission-control-config-file=/etc/kubernetes/admission/admission-config.yaml
        - --audit-log-path=/var/log/kubernetes/audit/audit.log
        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
        - --audit-log-maxage=30
        - --audit-log-maxbackup=10
        - --audit-log-maxsize=100
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
        - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
        - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
        - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
        - --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml
        - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
        - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
        - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
        - --profiling=false
        - --service-account-key-file=/etc/kubernetes/pki/sa.pub
        - --service-account-extend-token-expiration=false
        - --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
        - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
        """;

    private const string StrongSuites = "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

    [Fact]
    public void A_hardened_api_server_is_clean()
    {
        Assert.Empty(ControlPlaneFindings(StaticPod("kube-apiserver", HardenedApiServer)));
    }

    [Fact]
    public void A_bare_api_server_is_judged_by_its_real_defaults_and_says_so()
    {
        var found = ControlPlaneFindings(StaticPod("kube-apiserver", "command: [kube-apiserver]"));
        Assert.Contains("apiserver-anonymous-auth: kube-apiserver: --anonymous-auth is not set (default true): anonymous requests are served as system:anonymous", found);
        Assert.Contains("apiserver-authorization-mode: kube-apiserver: --authorization-mode is not set (default AlwaysAllow): every authenticated request is allowed", found);
        Assert.Contains("control-plane-profiling: kube-apiserver: --profiling is not set (default true): /debug/pprof is served", found);
        Assert.Contains(found, f => f.StartsWith("apiserver-admission-plugins: kube-apiserver: --enable-admission-plugins is not set", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("apiserver-encryption-provider-config:", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("apiserver-audit-log:", StringComparison.Ordinal));
        // Retention is judged only when there is a log file.
        Assert.DoesNotContain(found, f => f.StartsWith("apiserver-audit-log-retention:", StringComparison.Ordinal));
        // service-account-lookup defaults to true.
        Assert.DoesNotContain(found, f => f.Contains("--service-account-lookup", StringComparison.Ordinal));
    }

    [Fact]
    public void Flags_are_read_in_both_syntaxes_from_command_and_args()
    {
        var argv = HardenedApiServer.Replace("- --authorization-mode=Node,RBAC\n", "").Replace("- --anonymous-auth=false\n", "")
                   + "args:\n- --authorization-mode\n- Node,RBAC\n- --anonymous-auth=false";
        Assert.Empty(ControlPlaneFindings(StaticPod("kube-apiserver", argv)));
    }

    [Fact]
    public void A_boolean_flag_does_not_take_the_next_item_as_its_value()
    {
        var argv = HardenedApiServer.Replace("- --anonymous-auth=false\n", "- --anonymous-auth\n- \"false\"\n");
        Assert.Equal(["apiserver-anonymous-auth: kube-apiserver: --anonymous-auth=true serves anonymous requests as system:anonymous"], ControlPlaneFindings(StaticPod("kube-apiserver", argv)));
    }

    [Fact]
    public void The_last_occurrence_of_a_flag_counts_and_findings_point_at_it()
    {
        var result = ClusterScan.Yaml(StaticPod("kube-apiserver", HardenedApiServer + "\n- --profiling=true"));
        var f = Assert.Single(result.Findings("control-plane-profiling"));
        Assert.Equal("spec.containers[0].command[24]", f.Path);
        Assert.Equal("kube-apiserver", f.Container);
    }

    [Theory]
    [InlineData("", "does not include Node", "--authorization-mode=RBAC")]
    [InlineData("", "--authorization-mode=Node,RBAC,AlwaysAllow includes AlwaysAllow", "--authorization-mode=Node,RBAC\n- --authorization-mode=AlwaysAllow")]
    [InlineData("--enable-admission-plugins=NodeRestriction,AlwaysAdmit", "includes AlwaysAdmit")]
    [InlineData("--disable-admission-plugins=ServiceAccount", "turns off ServiceAccount")]
    [InlineData("--token-auth-file=/etc/kubernetes/tokens.csv", "static, unexpiring bearer tokens")]
    [InlineData("--audit-log-maxage=7", "--audit-log-maxage=7 is below 30 days")]
    [InlineData("--service-account-lookup=false", "tokens of deleted service accounts stay valid")]
    [InlineData("--feature-gates=Foo=true,AllAlpha=true", "AllAlpha=true")]
    public void Insecure_api_server_flags_are_reported(string flag, string message, string? replacing = null)
    {
        var argv = replacing == null ? HardenedApiServer + "\n- " + flag : HardenedApiServer.Replace("--authorization-mode=Node,RBAC", replacing);
        var found = ControlPlaneFindings(StaticPod("kube-apiserver", argv));
        Assert.Contains(found, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_certificate_flags_are_named_one_by_one()
    {
        var argv = HardenedApiServer.Replace("- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n", "").Replace("- --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt\n", "");
        Assert.Equal(
            ["apiserver-kubelet-tls: kube-apiserver: --kubelet-certificate-authority is not set (no default): kubelet serving certificates are not verified",
             "apiserver-etcd-tls: kube-apiserver: --etcd-cafile is not set (no default): the API server does not verify etcd's certificate"],
            ControlPlaneFindings(StaticPod("kube-apiserver", argv)), new SetComparer());
    }

    [Fact]
    public void The_controller_manager_is_judged_by_its_defaults()
    {
        var found = ControlPlaneFindings(StaticPod("kube-controller-manager", "command:\n- kube-controller-manager\n- --feature-gates=RotateKubeletServerCertificate=false", "registry.k8s.io/kube-controller-manager:v1.30.2"));
        Assert.Equal(
            ["controller-manager-service-account-credentials: kube-controller-manager: --use-service-account-credentials is not set (default false): controllers share the controller manager's identity",
             "controller-manager-service-account-keys: kube-controller-manager: --service-account-private-key-file is not set (no default): service-account tokens are not signed by a dedicated key",
             "controller-manager-service-account-keys: kube-controller-manager: --root-ca-file is not set (no default): pods get no CA bundle to verify the API server",
             "controller-manager-kubelet-server-cert-rotation: kube-controller-manager: --feature-gates sets RotateKubeletServerCertificate=false: kubelet serving certificates are not rotated",
             "control-plane-profiling: kube-controller-manager: --profiling is not set (default true): /debug/pprof is served",
             "control-plane-bind-address: kube-controller-manager: --bind-address is not set (default 0.0.0.0): it listens on every interface",
             "control-plane-tls: kube-controller-manager: --tls-cipher-suites is not set (default: Go's TLS 1.2 suites, CBC included)",
             "controller-manager-terminated-pod-gc: kube-controller-manager: --terminated-pod-gc-threshold is not set (default 12500 terminated pods kept)"],
            found, new SetComparer());
    }

    [Fact]
    public void A_scheduler_is_recognised_by_its_image_when_it_has_only_args()
    {
        var found = ControlPlaneFindings(StaticPod("scheduler", $"args:\n- --bind-address=0.0.0.0\n- --profiling=false\n- {StrongSuites}", "registry.k8s.io/kube-scheduler:v1.30.2"));
        Assert.Equal(["control-plane-bind-address: kube-scheduler: --bind-address=0.0.0.0 is not the loopback address"], found);
    }

    [Fact]
    public void Hyperkube_sub_commands_are_recognised()
    {
        var found = ControlPlaneFindings(StaticPod("scheduler", $"command: [/hyperkube, kube-scheduler, --bind-address=127.0.0.1, {StrongSuites}]", "example.com/hyperkube:v1.18"));
        Assert.Equal(["control-plane-profiling: kube-scheduler: --profiling is not set (default true): /debug/pprof is served"], found);
    }

    [Fact]
    public void Other_programs_are_not_control_plane_components()
    {
        Assert.Empty(ControlPlaneFindings(StaticPod("proxy", "command: [nginx, -g, daemon off;]", "registry.k8s.io/kube-apiserver-proxy:1")));
        Assert.Empty(ControlPlaneFindings(StaticPod("shell", "command: [sh, -c, kube-apiserver]")));
    }

    [Fact]
    public void Etcd_is_judged_by_its_defaults_and_its_auto_tls_flags()
    {
        var found = ControlPlaneFindings(StaticPod("etcd", "command:\n- etcd\n- --cert-file=/pki/server.crt\n- --key-file=/pki/server.key\n- --auto-tls=true\n- --peer-cert-file=/pki/peer.crt\n- --peer-key-file=/pki/peer.key\n- --peer-client-cert-auth\n- --cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "registry.k8s.io/etcd:3.5.12-0"));
        Assert.Equal(
            ["etcd-client-tls: etcd: --client-cert-auth is not set (default false): clients are not authenticated",
             "etcd-client-tls: etcd: --auto-tls=true serves clients a self-signed certificate"],
            found);
    }

    [Fact]
    public void A_hardened_etcd_is_clean()
    {
        var argv = "command:\n- etcd\n- --cert-file=/pki/server.crt\n- --key-file=/pki/server.key\n- --client-cert-auth=true\n- --peer-cert-file=/pki/peer.crt\n- --peer-key-file=/pki/peer.key\n- --peer-client-cert-auth=true\n- --cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        Assert.Empty(ControlPlaneFindings(StaticPod("etcd", argv, "registry.k8s.io/etcd:3.5.12-0")));
    }

    /// <summary>Findings at one place are ordered by rule id; these tests care about which, not in what order.</summary>
    private sealed class SetComparer : IEqualityComparer<IEnumerable<string>>
    {
        public bool Equals(IEnumerable<string>? x, IEnumerable<string>? y) => x!.Order().SequenceEqual(y!.Order());
        public int GetHashCode(IEnumerable<string> obj) => 0;
    }
}
