using System.Text.Json;
using System.Text.Json.Nodes;
using Stockade.Cli;
using Stockade.Cluster;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Webhook;

/// <summary>
/// <c>/validate/policies</c> with a cluster: the policies' <c>authorizer</c> checks are
/// SubjectAccessReviews of the API server (a loopback fake), for the request's user or a named
/// service account, through the real webhook on 127.0.0.1 and the reviewer serve builds from its
/// command line.
/// </summary>
public sealed class PolicyAuthorizerRouteTests : IDisposable
{
    private const string Route = "/validate/policies";
    private readonly TempTree _tree = new();
    private readonly FakeAuthorizationApi _api = new();

    public void Dispose()
    {
        _api.Dispose();
        _tree.Dispose();
    }

    private SubjectAccessReviewer Reviewer() =>
        ServeCommand.AccessReviewer(ServeCommand.Read(["--kubeconfig", _tree.Write("kubeconfig", ReplayServer.Kubeconfig(_api.Url)), "--context", "replay"]))!;

    private Task<WebhookHarness> Start(SubjectAccessReviewer reviewer, string validations, string failurePolicy = "Fail")
    {
        var policy = _tree.Write("vap.yaml", PolicyRouteTests.Policy("authz", validations, failurePolicy: failurePolicy));
        return WebhookHarness.StartAsync($"vapPolicies: [{policy}]\npspAuthorization: {{timeoutSeconds: 5}}\n",
            o => o with { AccessReview = reviewer.Allowed, PolicyAccessReview = reviewer.Check });
    }

    private static string Pod(string labels = "{}") =>
        Reviews.PodJson(Reviews.CompliantContainer, labels: labels, ns: "team-a", extraSpec: "\"serviceAccountName\": \"builder\", ");

    private static bool Allowed(JsonElement r) => r.GetProperty("allowed").GetBoolean();

    private static string Message(JsonElement r) => r.GetProperty("status").GetProperty("message").GetString()!;

    [Fact]
    public async Task A_check_asks_for_the_requests_user_and_answers_by_the_api_servers_decision()
    {
        _api.Decide = spec => ((string?)spec["user"] == "alice", "RBAC: allowed by ClusterRoleBinding \"approvers\"");
        using var reviewer = Reviewer();
        await using var h = await Start(reviewer, """
              - expression: "!has(object.metadata.labels.privileged) || authorizer.group('example.com').resource('approvals').namespace('team-a').check('approve').allowed()"
                message: only approvers may label a pod privileged
            """);

        Assert.True(Allowed(await h.Review(Route, Reviews.Review(Pod("""{"privileged": "yes"}"""), user: "alice"))));
        var denied = await h.Review(Route, Reviews.Review(Pod("""{"privileged": "yes"}"""), user: "bob"));
        Assert.False(Allowed(denied));
        Assert.Contains("only approvers may label a pod privileged", Message(denied));

        var asked = _api.Reviews.Last();
        Assert.Equal("bob", (string?)asked["user"]);
        Assert.Equal(["system:authenticated"], asked["groups"]!.AsArray().Select(g => (string)g!));
        var attrs = asked["resourceAttributes"]!;
        Assert.Equal(("approve", "example.com", "*", "approvals", "team-a"),
            ((string?)attrs["verb"], (string?)attrs["group"], (string?)attrs["version"], (string?)attrs["resource"], (string?)attrs["namespace"]));
        // A pod without the label never asks.
        var before = _api.Reviews.Count;
        Assert.True(Allowed(await h.Review(Route, Reviews.Review(Pod(), user: "bob"))));
        Assert.Equal(before, _api.Reviews.Count);
        Assert.Contains("stockade_policy_access_reviews_total{result=\"allowed\"} 1", h.Server.Metrics.Render());
        Assert.Contains("stockade_policy_access_reviews_total{result=\"denied\"} 1", h.Server.Metrics.Render());
    }

    [Fact]
    public async Task A_service_account_check_asks_for_that_account_with_its_groups()
    {
        _api.Decide = spec => (false, "");
        using var reviewer = Reviewer();
        await using var h = await Start(reviewer, """
              - expression: "!authorizer.serviceAccount(object.metadata.namespace, object.spec.serviceAccountName).group('').resource('secrets').check('list').allowed()"
                message: the pod's service account must not list secrets
            """);

        Assert.True(Allowed(await h.Review(Route, Reviews.Review(Pod(), user: "alice"))));
        var asked = _api.Reviews.Single();
        Assert.Equal("system:serviceaccount:team-a:builder", (string?)asked["user"]);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:team-a"], asked["groups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal("list", (string?)asked["resourceAttributes"]!["verb"]);
    }

    [Fact]
    public async Task Path_checks_selectors_and_the_reason_reach_the_api_server_and_back()
    {
        _api.Decide = spec => spec["nonResourceAttributes"] is JsonObject ? (true, "") : (false, "no grant for " + (string?)spec["resourceAttributes"]!["fieldSelector"]!["rawSelector"]);
        using var reviewer = Reviewer();
        await using var h = await Start(reviewer, """
              - expression: "authorizer.path('/metrics').check('get').allowed()"
              - expression: "authorizer.group('').resource('pods').fieldSelector('spec.nodeName=n1').labelSelector('app=web').check('list').allowed()"
                messageExpression: "authorizer.group('').resource('pods').fieldSelector('spec.nodeName=n1').labelSelector('app=web').check('list').reason()"
            """);

        var denied = await h.Review(Route, Reviews.Review(Pod(), user: "alice"));
        Assert.Contains("denied request: no grant for spec.nodeName=n1", Message(denied));
        var paths = _api.Reviews.Where(r => r["nonResourceAttributes"] is JsonObject).ToList();
        Assert.Equal(("/metrics", "get"), ((string?)paths[0]["nonResourceAttributes"]!["path"], (string?)paths[0]["nonResourceAttributes"]!["verb"]));
        var selected = _api.Reviews.First(r => r["resourceAttributes"] is JsonObject)["resourceAttributes"]!;
        Assert.Equal("app=web", (string?)selected["labelSelector"]!["rawSelector"]);
        // The same check in the validation and its message is asked once per request.
        Assert.Single(_api.Reviews, r => r["resourceAttributes"] is JsonObject);
    }

    [Fact]
    public async Task An_api_server_that_fails_is_an_authorizer_error_decided_by_the_failure_policy()
    {
        _api.Status = 500;
        using var reviewer = Reviewer();
        var check = """
              - expression: "authorizer.group('').resource('pods').check('create').allowed()"
            """;
        await using (var closed = await Start(reviewer, check))
        {
            var denied = await closed.Review(Route, Reviews.Review(Pod(), user: "alice"));
            Assert.False(Allowed(denied));
            Assert.Contains("SubjectAccessReview for alice create pods", Message(denied));
            Assert.Contains("HTTP 500", Message(denied));
            Assert.Contains("stockade_policy_access_reviews_total{result=\"error\"} 1", closed.Server.Metrics.Render());
        }
        await using var open = await Start(reviewer, check, failurePolicy: "Ignore");
        Assert.True(Allowed(await open.Review(Route, Reviews.Review(Pod(), user: "alice"))));
    }
}
