using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Cli;
using Stockade.Cluster;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;
using Stockade.Webhook;

namespace Stockade.Tests.Webhook;

/// <summary>
/// <c>clusterPolicies: true</c>: <c>/validate/policies</c> enforces the cluster's own
/// ValidatingAdmissionPolicies, bindings and params, read and watched from a loopback API server
/// through the reader serve builds from its command line, over the real webhook on 127.0.0.1.
/// </summary>
public sealed class ClusterPolicyRouteTests : IDisposable
{
    private const string Route = "/validate/policies";
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private ClusterPolicies Reader(FakePolicyApi api) =>
        ServeCommand.Policies(ServeCommand.Read(["--kubeconfig", _tree.Write("kubeconfig", ReplayServer.Kubeconfig(api.Url)), "--context", "replay"]))!;

    private Task<WebhookHarness> Start(ClusterPolicies reader, string config = "clusterPolicies: true\n") =>
        WebhookHarness.StartAsync(config, o => o with { ClusterPolicies = reader.Current, ClusterPolicyWatch = () => reader.State });

    private static JsonObject Policy(string name, string expression, string version = "v1", string? paramKind = null)
    {
        var spec = new JsonObject
        {
            ["failurePolicy"] = "Fail",
            ["matchConstraints"] = JsonNode.Parse("""{"resourceRules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"], "resources": ["pods"]}]}"""),
            ["validations"] = new JsonArray(new JsonObject { ["expression"] = expression, ["message"] = name + " says no" }),
        };
        if (paramKind != null) spec["paramKind"] = JsonNode.Parse(paramKind);
        return new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/" + version, ["kind"] = "ValidatingAdmissionPolicy",
            ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec,
        };
    }

    private static JsonObject Binding(string name, string policy, string version = "v1", string? paramRef = null)
    {
        var spec = new JsonObject { ["policyName"] = policy, ["validationActions"] = new JsonArray("Deny") };
        if (paramRef != null) spec["paramRef"] = JsonNode.Parse(paramRef);
        return new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/" + version, ["kind"] = "ValidatingAdmissionPolicyBinding",
            ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec,
        };
    }

    private static string Pod(string labels = "{}") => Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, labels: labels));

    private static bool Allowed(JsonElement r) => r.GetProperty("allowed").GetBoolean();

    private static string Message(JsonElement r) => r.GetProperty("status").GetProperty("message").GetString()!;

    private static async Task Until(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail("condition not reached within 10 s");
    }

    [Fact]
    public async Task The_clusters_policies_are_enforced_and_a_change_arrives_through_the_watch()
    {
        using var api = new FakePolicyApi();
        api.Put(api.PoliciesPath, Policy("team-label", "has(object.metadata.labels.team)"), emit: false);
        api.Put(api.BindingsPath, Binding("team-label", "team-label"), emit: false);
        using var reader = Reader(api);
        await using var h = await Start(reader);
        await Until(async () => (await h.Client.GetAsync("/readyz")).IsSuccessStatusCode);

        var denied = await h.Review(Route, Pod());
        Assert.False(Allowed(denied));
        Assert.Equal("ValidatingAdmissionPolicy 'team-label' with binding 'team-label' denied request: team-label says no", Message(denied));
        Assert.True(Allowed(await h.Review(Route, Pod("""{"team": "a"}"""))));

        // A second policy and its binding, created while serve runs.
        api.Put(api.PoliciesPath, Policy("no-latest", "object.spec.containers.all(c, !c.image.endsWith(':latest'))"));
        api.Put(api.BindingsPath, Binding("no-latest", "no-latest"));
        var latest = Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer.Replace("registry.example.com/app:1.0", "nginx:latest"), labels: """{"team": "a"}"""));
        await Until(async () => !Allowed(await h.Review(Route, latest)));

        // Deleted in the cluster: no longer enforced.
        api.Delete(api.BindingsPath, "team-label");
        await Until(async () => Allowed(await h.Review(Route, Pod())));
    }

    [Fact]
    public async Task Params_are_read_from_the_clusters_configmaps()
    {
        using var api = new FakePolicyApi();
        api.Put(api.PoliciesPath, Policy("allowed-team", "object.metadata.labels.team in params.data.teams.split(',')", paramKind: """{"apiVersion": "v1", "kind": "ConfigMap"}"""), emit: false);
        api.Put(api.BindingsPath, Binding("allowed-team", "allowed-team", paramRef: """{"name": "teams", "namespace": "policy", "parameterNotFoundAction": "Deny"}"""), emit: false);
        api.Put("/api/v1/configmaps", JsonNode.Parse("""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "teams", "namespace": "policy"}, "data": {"teams": "a,b"}}""")!.AsObject(), emit: false);
        using var reader = Reader(api);
        await using var h = await Start(reader);
        await Until(async () => (await h.Client.GetAsync("/readyz")).IsSuccessStatusCode);

        Assert.True(Allowed(await h.Review(Route, Pod("""{"team": "b"}"""))));
        Assert.False(Allowed(await h.Review(Route, Pod("""{"team": "c"}"""))));
    }

    [Fact]
    public async Task A_cluster_serving_only_v1beta1_is_read_in_v1beta1()
    {
        using var api = new FakePolicyApi { PolicyVersion = "v1beta1" };
        api.Put(api.PoliciesPath, Policy("team-label", "has(object.metadata.labels.team)", "v1beta1"), emit: false);
        api.Put(api.BindingsPath, Binding("team-label", "team-label", "v1beta1"), emit: false);
        using var reader = Reader(api);
        await using var h = await Start(reader);
        await Until(async () => (await h.Client.GetAsync("/readyz")).IsSuccessStatusCode);
        Assert.False(Allowed(await h.Review(Route, Pod())));
    }

    [Fact]
    public async Task Policies_that_cannot_be_read_keep_the_replica_unready_and_the_route_closed()
    {
        using var api = new FakePolicyApi { ListStatus = 403 };
        using var reader = Reader(api);
        await using var h = await Start(reader);

        var denied = await h.Review(Route, Pod("""{"team": "a"}"""));
        Assert.False(Allowed(denied));
        Assert.Contains("have not been read yet", Message(denied));
        await Until(async () =>
        {
            using var ready = await h.Client.GetAsync("/readyz");
            return ready.StatusCode == HttpStatusCode.ServiceUnavailable && (await ready.Content.ReadAsStringAsync()).Contains("HTTP 403");
        });
        Assert.Contains("stockade_cluster_policy_watch_failing 1", h.Server.Metrics.Render());

        // Once they can be read, the replica is ready and the route answers by them.
        api.ListStatus = 200;
        await Until(async () => (await h.Client.GetAsync("/readyz")).IsSuccessStatusCode);
        Assert.True(Allowed(await h.Review(Route, Pod("""{"team": "a"}"""))));
    }

    [Fact]
    public async Task A_cluster_policy_that_cannot_be_enforced_here_closes_the_route_rather_than_being_left_out()
    {
        using var api = new FakePolicyApi();
        // semver() is 1.33's: the configuration compiles for 1.30, so this policy cannot run here.
        api.Put(api.PoliciesPath, Policy("versioned", "semver('1.2.3').major() == 1"), emit: false);
        api.Put(api.BindingsPath, Binding("versioned", "versioned"), emit: false);
        using var reader = Reader(api);
        await using var h = await Start(reader, "clusterPolicies: true\nkubernetesVersion: \"1.30\"\n");
        await Until(async () => (await h.Client.GetAsync("/readyz")).IsSuccessStatusCode);

        var denied = await h.Review(Route, Pod("""{"team": "a"}"""));
        Assert.False(Allowed(denied));
        Assert.Contains("cannot be enforced here", Message(denied));
        // The policy, and its binding (whose policy is then missing).
        Assert.Contains("stockade_cluster_policies_not_applied 2", h.Server.Metrics.Render());
    }

    [Fact]
    public async Task A_param_kind_the_cluster_does_not_serve_is_a_failing_read_not_missing_params()
    {
        using var api = new FakePolicyApi();
        api.Put(api.PoliciesPath, Policy("widget-params", "true", paramKind: """{"apiVersion": "example.com/v1", "kind": "Widget"}"""), emit: false);
        api.Put(api.BindingsPath, Binding("widget-params", "widget-params", paramRef: """{"name": "w", "parameterNotFoundAction": "Allow"}"""), emit: false);
        using var reader = Reader(api);
        await using var h = await Start(reader);

        Assert.False(Allowed(await h.Review(Route, Pod("""{"team": "a"}"""))));
        await Until(() => Task.FromResult(reader.State.LastError != null));
        Assert.Contains("example.com/v1", reader.State.LastError);
    }

    [Fact]
    public async Task Cluster_policies_without_a_cluster_refuse_to_start()
    {
        var e = await Assert.ThrowsAsync<Stockade.Config.ConfigException>(() => WebhookHarness.StartAsync("clusterPolicies: true\n"));
        Assert.Contains("clusterPolicies: true needs a cluster", e.Message);
    }
}
