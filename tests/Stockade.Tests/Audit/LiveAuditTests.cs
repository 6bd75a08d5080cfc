using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Stockade.Cli;
using Stockade.Cluster;
using Stockade.Tests.Cli;
using static Stockade.Tests.Cli.CliHarness;

namespace Stockade.Tests.Audit;

/// <summary>
/// <c>stockade audit</c> against a live API server, without a cluster: the real Kubernetes client
/// talks to a loopback server that replays recorded list responses (pages, a 403, a 410).
/// </summary>
public class LiveAuditTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly RecordedCluster _cluster = new();
    private readonly ReplayServer _server;
    private readonly string _kubeconfig;

    public LiveAuditTests()
    {
        _server = new ReplayServer(r => _cluster.Handle(r));
        _kubeconfig = _tree.Write("kubeconfig", ReplayServer.Kubeconfig(_server.Url));
    }

    public void Dispose()
    {
        _server.Dispose();
        _tree.Dispose();
    }

    private Task<CliRun> Audit(params string[] extra) =>
        Run(["audit", "--no-config", "--kubeconfig", _kubeconfig, "--context", "replay", "--page-size", "2", "--format", "json", "--fail-on", "none", .. extra]);

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Stdout).RootElement.Clone();

    private static List<string> ObjectFiles(JsonElement json) =>
        json.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("file").GetString()!).ToList();

    [Fact]
    public async Task Namespace_profile_reads_the_live_Namespaces_before_judging_workloads()
    {
        var run = await Audit("--profile", "namespace", "--namespace-default", "restricted:v1.30");
        Assert.Equal(0, run.ExitCode);
        var json = Json(run);
        Assert.Equal("namespace", json.GetProperty("profile").GetString());
        var findings = json.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("file").GetString() == "cluster://shop/deployment/web" && f.GetProperty("policy").GetString() == "enforce restricted:v1.30");
        Assert.StartsWith("/api/v1/namespaces", _server.Requests.First());
    }

    [Fact]
    public async Task Reads_every_page_of_every_kind_at_its_controller()
    {
        var run = await Audit();
        Assert.Equal(0, run.ExitCode);
        var files = ObjectFiles(Json(run));
        Assert.Equal(
            [
                "cluster://namespace/kube-system", "cluster://namespace/shop",
                "cluster://shop/deployment/api", "cluster://shop/deployment/web", "cluster://kube-system/deployment/coredns",
                "cluster://shop/pod/debug", "cluster://shop/pod/batch-runner",
            ],
            files);
        // The ReplicaSet-owned pod carries the Deployment's template: it is audited at the Deployment.
        Assert.DoesNotContain(files, f => f.Contains("web-6d5f8c7b9"));
        Assert.All(_server.Authorizations, a => Assert.Equal("Bearer replay-token", a));
    }

    [Fact]
    public async Task Follows_continue_tokens_with_the_page_size()
    {
        await Audit();
        var deployments = _server.Requests.Where(r => r.StartsWith("/apis/apps/v1/deployments", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, deployments.Count);
        Assert.Contains("limit=2", deployments[0]);
        Assert.DoesNotContain("continue=", deployments[0]);
        Assert.Contains("continue=" + RecordedCluster.DeploymentsContinue, deployments[1]);
    }

    [Fact]
    public async Task Restarts_a_list_whose_continue_token_expired_without_scanning_objects_twice()
    {
        var run = await Audit();
        var pods = _server.Requests.Where(r => r.StartsWith("/api/v1/pods", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, pods.Count);
        Assert.DoesNotContain("continue=", pods[0]);
        Assert.Contains("continue=pods-c1", pods[1]);
        Assert.DoesNotContain("continue=", pods[2]);
        Assert.Contains("continue=pods-c2", pods[3]);
        var files = ObjectFiles(Json(run));
        Assert.Single(files, f => f == "cluster://shop/pod/debug");
        Assert.Single(files, f => f == "cluster://shop/pod/batch-runner");
    }

    [Fact]
    public async Task Forbidden_resources_are_named_in_the_report_and_the_audit_goes_on()
    {
        var run = await Audit();
        Assert.Equal(0, run.ExitCode);
        var notes = Json(run).GetProperty("notes").EnumerateArray().ToList();
        var forbidden = Assert.Single(notes, n => n.GetProperty("file").GetString() == "cluster://*/clusterroles");
        Assert.Contains("forbidden (HTTP 403)", forbidden.GetProperty("message").GetString());
        Assert.Contains("cannot list resource \"clusterroles\"", forbidden.GetProperty("message").GetString());
        Assert.Contains("warning: not audited: clusterroles", run.Stderr);
        // The kinds after the forbidden one were still read.
        Assert.Contains(_server.Requests, r => r.StartsWith("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Findings_on_live_objects_are_the_findings_scan_gives_for_the_same_object()
    {
        var audit = Json(await Audit());
        var privileged = audit.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "privileged-container").Select(f => f.GetProperty("file").GetString()).ToList();
        Assert.Equal(["cluster://shop/deployment/web"], privileged);

        // The same recorded Deployment, as kubectl get -o json would print it, through scan.
        var item = JsonNode.Parse(RecordedCluster.Recording("deployments-page1.json"))!["items"]![1]!.DeepClone().AsObject();
        item.Insert(0, "apiVersion", "apps/v1");
        item.Insert(1, "kind", "Deployment");
        var scan = Json(await Run("scan", "--no-config", "--profile", "cluster", "--format", "json", "--fail-on", "none", _tree.Write("web.json", item.ToJsonString())));

        // Namespace-wide findings point at the Namespace when it was read (live) and at the first
        // object of the namespace otherwise (one file): compare the per-object ones.
        static bool PerObject(JsonElement f) => f.GetProperty("rule").GetString() is { } r && !r.StartsWith("namespace-", StringComparison.Ordinal) && r != "workload-apiserver-egress";
        static List<string> Of(JsonElement json, string file) => json.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("file").GetString() == file && PerObject(f))
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("path").GetString()} {f.GetProperty("message").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        var fromCluster = Of(audit, "cluster://shop/deployment/web");
        Assert.NotEmpty(fromCluster);
        Assert.Equal(Of(scan, _tree.PathOf("web.json")), fromCluster);
    }

    [Fact]
    public async Task Sarif_locations_are_the_cluster_uris()
    {
        var run = await Audit("--format", "sarif");
        var uris = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
            .ToHashSet();
        Assert.Contains("cluster://shop/deployment/web", uris);
        Assert.All(uris, u => Assert.StartsWith("cluster://", u));
    }

    [Fact]
    public async Task Html_report_of_a_live_audit_names_the_forbidden_resources()
    {
        var run = await Audit("--format", "html");
        Assert.Contains("cluster://shop/deployment/web", run.Stdout);
        Assert.Contains("<code>cluster://*/clusterroles</code> not audited: forbidden (HTTP 403)", run.Stdout);
    }

    [Fact]
    public async Task Namespace_option_lists_only_that_namespace()
    {
        var run = await Audit("--namespace", "shop");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(_server.Requests, r => r.StartsWith("/api/v1/namespaces/shop/pods?", StringComparison.Ordinal));
        Assert.Contains(_server.Requests, r => r.StartsWith("/apis/apps/v1/namespaces/shop/deployments?", StringComparison.Ordinal));
        Assert.Contains(_server.Requests, r => r.StartsWith("/api/v1/namespaces?", StringComparison.Ordinal) && r.Contains("fieldSelector=metadata.name%3Dshop"));
        Assert.DoesNotContain(_server.Requests, r => r.StartsWith("/api/v1/pods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_are_fetched_only_as_the_scanner_asks_for_them()
    {
        var cluster = new RecordedCluster { ExpirePodsTokenOnce = false };
        using var server = new ReplayServer(cluster.Handle);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_tree.Write("lazy-kubeconfig", ReplayServer.Kubeconfig(server.Url)), "replay");
        using var client = new ApiClient(config);
        var reader = new ClusterReader(client, limits: new ListLimits { PageSize = 2 }, kinds: [AuditedKinds.All.Single(k => k.Resource == "pods")]);
        using var inputs = reader.Inputs().GetEnumerator();
        Assert.True(inputs.MoveNext());
        Assert.Equal("cluster://shop/pod/debug", inputs.Current.Name);
        Assert.Single(server.Requests);
        while (inputs.MoveNext())
        {
        }
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, reader.Audited["pods"]);
    }

    [Fact]
    public async Task Progress_goes_to_a_terminal_stderr()
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var exit = AuditCommand.Run(["--no-config", "--kubeconfig", _kubeconfig, "--context", "replay", "--fail-on", "none"], () => Stream.Null, stdout, stderr, stdoutIsTerminal: false, stderrIsTerminal: true);
        Assert.Equal(0, exit);
        Assert.Contains("\rstockade: reading pods: ", stderr.ToString().Replace("\u001b[K", ""));
        Assert.Contains("cluster://shop/deployment/web", Encoding.UTF8.GetString(stdout.ToArray()));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Nothing_readable_is_an_error()
    {
        foreach (var kind in AuditedKinds.All) _cluster.Forbidden.Add(kind.Resource);
        var run = await Audit();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing could be read from the cluster", run.Stderr);
    }

    [Fact]
    public async Task Unreachable_cluster_is_an_error()
    {
        var kubeconfig = _tree.Write("closed", ReplayServer.Kubeconfig(ReplayServer.RefusedUrl));
        var run = await Run("audit", "--no-config", "--kubeconfig", kubeconfig, "--context", "replay");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot reach the cluster", run.Stderr);
    }

    [Fact]
    public async Task Missing_kubeconfig_and_unknown_context_are_errors()
    {
        var missing = await Run("audit", "--no-config", "--kubeconfig", _tree.PathOf("nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);
        var context = await Run("audit", "--no-config", "--kubeconfig", _kubeconfig, "--context", "staging");
        Assert.Equal(2, context.ExitCode);
        Assert.Contains("staging", context.Stderr);
        Assert.Empty(_server.Requests);
    }
}
