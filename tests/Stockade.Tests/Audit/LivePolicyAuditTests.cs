using System.Text.Json;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Audit;

/// <summary>
/// <c>stockade audit --policy</c> against the loopback API server: the resources the policies match
/// are found through discovery and listed, params and Namespaces come from the cluster, the cluster's
/// own policies join with <c>--bundle-policies</c>, and anything of this that cannot be read is exit 2.
/// </summary>
public class LivePolicyAuditTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly RecordedCluster _cluster = new();
    private readonly ReplayServer _server;
    private readonly string _kubeconfig;

    public LivePolicyAuditTests()
    {
        _server = new ReplayServer(r => _cluster.Handle(r));
        _kubeconfig = _tree.Write("kubeconfig", ReplayServer.Kubeconfig(_server.Url));
        _cluster.Lists["ingresses"] = new Replay(200, """
            {"kind":"IngressList","apiVersion":"networking.k8s.io/v1","metadata":{"resourceVersion":"1"},"items":[
              {"metadata":{"name":"public","namespace":"shop","uid":"i1"},"spec":{"rules":[{"host":"shop.evil.test"}]}},
              {"metadata":{"name":"ours","namespace":"shop","uid":"i2"},"spec":{"rules":[{"host":"shop.example.com"}]}}]}
            """);
    }

    public void Dispose()
    {
        _server.Dispose();
        _tree.Dispose();
    }

    private const string IngressPolicy = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: ingress-hosts}
        spec:
          matchConstraints:
            resourceRules:
            - apiGroups: [networking.k8s.io]
              apiVersions: [v1]
              operations: [CREATE, UPDATE]
              resources: [ingresses]
          validations:
          - expression: object.spec.rules.all(r, r.host.endsWith('.example.com'))
            message: hosts must be under example.com
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: ingress-hosts}
        spec:
          policyName: ingress-hosts
          validationActions: [Deny]
        """;

    private Task<CliRun> Audit(params string[] extra) =>
        Run(["audit", "--no-config", "--kubeconfig", _kubeconfig, "--context", "replay", "--page-size", "2", "--format", "json", "--fail-on", "none", .. extra]);

    private static List<(string Rule, string File, string Message)> Findings(CliRun run) =>
        JsonDocument.Parse(run.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("rule").GetString()!, f.GetProperty("file").GetString()!, f.GetProperty("message").GetString()!)).ToList();

    [Fact]
    public async Task The_resources_a_policy_matches_are_found_through_discovery_and_listed()
    {
        var run = await Audit("--profile", "none", "--policy", _tree.Write("ingress.yaml", IngressPolicy));
        Assert.True(run.ExitCode == 0, run.Stderr);
        var f = Assert.Single(Findings(run), f => f.Rule == "vap:ingress-hosts");
        Assert.Equal("cluster://shop/ingress/public", f.File);
        Assert.Contains("hosts must be under example.com", f.Message);
        Assert.Contains(_server.Requests, r => r == "/apis");
        Assert.Contains(_server.Requests, r => r.StartsWith("/apis/networking.k8s.io/v1/ingresses?", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Requests, r => r.StartsWith("/apis/example.com/v1/widgets", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("networking.k8s.io", "v1beta1")]
    [InlineData("extensions", "v1beta1")]
    public async Task With_match_policy_equivalent_a_rule_for_a_version_no_longer_served_judges_the_same_objects(string group, string version)
    {
        // The cluster serves Ingresses in networking.k8s.io/v1 only; with Equivalent (the default)
        // the API server applies the policy to them, so the audit must list and judge them too.
        var policy = IngressPolicy.Replace("apiGroups: [networking.k8s.io]", $"apiGroups: [{group}]").Replace("apiVersions: [v1]", $"apiVersions: [{version}]");
        var run = await Audit("--profile", "none", "--policy", _tree.Write("ingress.yaml", policy));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("cluster://shop/ingress/public", Assert.Single(Findings(run), f => f.Rule == "vap:ingress-hosts").File);
        Assert.Contains(_server.Requests, r => r.StartsWith("/apis/networking.k8s.io/v1/ingresses?", StringComparison.Ordinal));

        // With Exact, that rule matches nothing the cluster serves: nothing listed for it, nothing found.
        var exact = await Audit("--profile", "none", "--policy", _tree.Write("exact.yaml", policy.Replace("  matchConstraints:\n", "  matchConstraints:\n    matchPolicy: Exact\n")));
        Assert.True(exact.ExitCode == 0, exact.Stderr);
        Assert.DoesNotContain(Findings(exact), f => f.Rule == "vap:ingress-hosts");
    }

    [Fact]
    public async Task Params_and_Namespaces_are_read_from_the_cluster()
    {
        _cluster.Lists["configmaps"] = new Replay(200, """
            {"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":[
              {"metadata":{"name":"required-labels","namespace":"shop","uid":"c1"},"data":{"cost-center":""}}]}
            """);
        var policy = _tree.Write("labels.yaml", """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: required-labels}
            spec:
              paramKind: {apiVersion: v1, kind: ConfigMap}
              matchConstraints:
                resourceRules:
                - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
              validations:
              - expression: params.data.all(k, k in object.metadata.?labels.orValue({}))
                messageExpression: "'missing ' + params.data.map(k, k).join(', ') + ' in ' + namespaceObject.metadata.name"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: required-labels}
            spec:
              policyName: required-labels
              validationActions: [Warn]
              paramRef: {name: required-labels, namespace: shop, parameterNotFoundAction: Deny}
              matchResources:
                namespaceSelector:
                  matchLabels: {kubernetes.io/metadata.name: shop}
            """);
        var run = await Audit("--profile", "none", "--policy", policy);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var files = Findings(run).Where(f => f.Rule == "vap:required-labels").Select(f => f.File).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["cluster://shop/deployment/api", "cluster://shop/deployment/web"], files);
        Assert.All(Findings(run).Where(f => f.Rule == "vap:required-labels"), f => Assert.Contains("missing cost-center in shop", f.Message));
        Assert.Contains(_server.Requests, r => r.StartsWith("/api/v1/configmaps?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bundle_policies_reads_the_clusters_own_policies_and_bindings()
    {
        _cluster.Lists["validatingadmissionpolicies"] = new Replay(200, """
            {"kind":"ValidatingAdmissionPolicyList","apiVersion":"admissionregistration.k8s.io/v1","metadata":{},"items":[
              {"metadata":{"name":"ingress-hosts","uid":"p1"},"spec":{"matchConstraints":{"resourceRules":[{"apiGroups":["networking.k8s.io"],"apiVersions":["v1"],"operations":["CREATE"],"resources":["ingresses"]}]},
               "validations":[{"expression":"object.spec.rules.all(r, r.host.endsWith('.example.com'))","message":"hosts must be under example.com"}]}}]}
            """);
        _cluster.Lists["validatingadmissionpolicybindings"] = new Replay(200, """
            {"kind":"ValidatingAdmissionPolicyBindingList","apiVersion":"admissionregistration.k8s.io/v1","metadata":{},"items":[
              {"metadata":{"name":"ingress-hosts","uid":"b1"},"spec":{"policyName":"ingress-hosts","validationActions":["Audit"]}}]}
            """);
        var run = await Audit("--profile", "none", "--bundle-policies");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["cluster://shop/ingress/public"], Findings(run).Where(f => f.Rule == "vap:ingress-hosts").Select(f => f.File));
        Assert.Contains(_server.Requests, r => r.StartsWith("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings?", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(500)]
    public async Task A_matched_resource_that_cannot_be_listed_is_an_error_never_a_pass(int status)
    {
        _cluster.Lists["ingresses"] = new Replay(status, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"ingresses is refused","code":{{status}}}""");
        var run = await Audit("--profile", "none", "--policy", _tree.Write("ingress.yaml", IngressPolicy));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: not audited: ingresses", run.Stderr);
        var errors = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("errors").EnumerateArray().ToList();
        var e = Assert.Single(errors, e => e.GetProperty("file").GetString() == "cluster://*/ingresses");
        Assert.Contains("a loaded policy matches or reads it", e.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Params_that_cannot_be_listed_are_an_error()
    {
        _cluster.Forbidden.Add("configmaps");
        var policy = _tree.Write("p.yaml", IngressPolicy.Replace("spec:\n  matchConstraints:", "spec:\n  paramKind: {apiVersion: v1, kind: ConfigMap}\n  matchConstraints:")
            .Replace("  validationActions: [Deny]", "  validationActions: [Deny]\n  paramRef: {name: hosts, parameterNotFoundAction: Deny}"));
        var run = await Audit("--profile", "none", "--policy", policy);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: not audited: configmaps", run.Stderr);
    }

    [Fact]
    public async Task Discovery_that_fails_is_an_error()
    {
        _cluster.Paths["/apis"] = new Replay(500, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcd is down","code":500}""");
        var run = await Audit("--profile", "none", "--policy", _tree.Write("ingress.yaml", IngressPolicy));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: the policies cannot be audited: discovery /apis: HTTP 500", run.Stderr);
    }

    [Fact]
    public async Task A_pods_policy_judges_the_pods_controllers_own_too()
    {
        var policy = _tree.Write("pods.yaml", IngressPolicy
            .Replace("apiGroups: [networking.k8s.io]", "apiGroups: [\"\"]").Replace("resources: [ingresses]", "resources: [pods]")
            .Replace("object.spec.rules.all(r, r.host.endsWith('.example.com'))", "1 == 2"));
        var run = await Audit("--profile", "none", "--policy", policy);
        Assert.True(run.ExitCode == 0, run.Stderr);
        // The ReplicaSet-owned pod is listed too: the API server evaluates the policy on it when the ReplicaSet creates it.
        Assert.Contains(Findings(run), f => f.Rule == "vap:ingress-hosts" && f.File.Contains("web-6d5f8c7b9", StringComparison.Ordinal));
    }
}
