using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Stockade.Cli;
using Stockade.Cluster;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Webhook;

namespace Stockade.Tests.Webhook;

/// <summary>
/// <c>/validate/psp</c> and <c>/mutate/psp</c> ask the API server (a loopback fake answering
/// SubjectAccessReview) which policies a pod may use, through the real webhook on 127.0.0.1, with
/// the SubjectAccessReviewer serve builds from its command line.
/// </summary>
public sealed class PspAuthorizationRouteTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly FakeAuthorizationApi _api = new();
    private static readonly string[] Policies =
        [RepositoryFiles.PathOf("examples", "psp", "privileged.yaml"), RepositoryFiles.PathOf("examples", "psp", "restricted.yaml")];

    public void Dispose()
    {
        _api.Hold?.TrySetResult();
        _api.Dispose();
        _tree.Dispose();
    }

    private SubjectAccessReviewer Reviewer(string server) =>
        ServeCommand.AccessReviewer(ServeCommand.Read(["--kubeconfig", _tree.Write("kubeconfig", ReplayServer.Kubeconfig(server)), "--context", "replay"]))!;

    private Task<WebhookHarness> Start(SubjectAccessReviewer reviewer, string config = "pspAuthorization: {timeoutSeconds: 10}\n", TimeProvider? time = null) =>
        WebhookHarness.StartAsync(config, o => o with { AccessReview = reviewer.Allowed, Time = time ?? TimeProvider.System }, Policies);

    /// <summary>The classic deployment: privileged for kube-system's service accounts, restricted for every authenticated user.</summary>
    private void ClassicGrants()
    {
        _api.Grants["system:serviceaccounts:kube-system"] = ["privileged"];
        _api.Grants["system:authenticated"] = ["restricted"];
    }

    private static string Pod(string ns, string container, string sa = "default", string annotations = "{}") =>
        Reviews.PodJson(container, ns: ns, extraSpec: $"\"serviceAccountName\": \"{sa}\", ", annotations: annotations);

    private static string Message(JsonElement r) => r.GetProperty("status").GetProperty("message").GetString()!;

    [Fact]
    public async Task Classic_two_policy_deployment_denies_privileged_in_shop_admits_restricted_there_and_privileged_in_kube_system()
    {
        ClassicGrants();
        using var reviewer = Reviewer(_api.Url);
        await using var h = await Start(reviewer);

        var denied = await h.Review("/validate/psp", Reviews.Review(Pod("shop", Reviews.PrivilegedContainer), ns: "shop"));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Equal(403, denied.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Contains("Privileged containers are not allowed", Message(denied));
        // Only the usable policy's errors, and never the name of a policy the requester may not use.
        Assert.DoesNotContain("privileged\"", Message(denied));

        var restricted = await h.Review("/mutate/psp", Reviews.Review(Pod("shop", """{"name": "app", "image": "x", "securityContext": {"runAsNonRoot": true}}"""), ns: "shop"));
        Assert.True(restricted.GetProperty("allowed").GetBoolean());
        var patch = Encoding.UTF8.GetString(Convert.FromBase64String(restricted.GetProperty("patch").GetString()!));
        Assert.Contains("\"restricted\"", patch);

        var system = await h.Review("/validate/psp", Reviews.Review(Pod("kube-system", Reviews.PrivilegedContainer, sa: "kube-proxy"), ns: "kube-system"));
        Assert.True(system.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Review_asks_for_the_service_account_and_the_request_user_info_with_the_plugin_attributes()
    {
        using var reviewer = Reviewer(_api.Url);
        await using var h = await Start(reviewer);
        var review = JsonNode.Parse(Reviews.Review(Pod("shop", Reviews.PrivilegedContainer, sa: "builder"), ns: "shop"))!;
        review["request"]!["userInfo"] = JsonNode.Parse("""{"username": "alice", "uid": "u-1", "groups": ["dev", "system:authenticated"], "extra": {"scopes": ["a", "b"]}}""");
        var denied = await h.Review("/validate/psp", review.ToJsonString());
        Assert.Equal("PodSecurityPolicy: unable to validate pod: []", Message(denied));

        var specs = _api.Reviews.ToList();
        var sa = specs.First(s => (string?)s["user"] == "system:serviceaccount:shop:builder");
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:shop"], sa["groups"]!.AsArray().Select(g => (string)g!));
        var attrs = sa["resourceAttributes"]!;
        Assert.Equal(("use", "policy", "podsecuritypolicies", "shop", "*"), ((string?)attrs["verb"], (string?)attrs["group"], (string?)attrs["resource"], (string?)attrs["namespace"], (string?)attrs["version"]));
        Assert.Contains(specs, s => (string?)s["user"] == "alice" && (string?)s["uid"] == "u-1" && s["extra"]!["scopes"]!.AsArray().Count == 2
            && s["groups"]!.AsArray().Select(g => (string)g!).SequenceEqual(["dev", "system:authenticated"]));
        // Denied in group policy, asked again in extensions (old grants), as the plugin did.
        Assert.Contains(specs, s => (string?)s["resourceAttributes"]!["group"] == "extensions");
        Assert.Equal(["privileged", "restricted"], specs.Select(s => (string)s["resourceAttributes"]!["name"]!).Distinct().Order());
    }

    [Fact]
    public async Task Review_asks_in_the_request_namespace_when_the_object_names_none()
    {
        ClassicGrants();
        using var reviewer = Reviewer(_api.Url);
        await using var h = await Start(reviewer);
        var review = JsonNode.Parse(Reviews.Review(Pod("kube-system", Reviews.PrivilegedContainer, sa: "kube-proxy"), ns: "kube-system"))!;
        review["request"]!["object"]!["metadata"]!.AsObject().Remove("namespace");

        var r = await h.Review("/validate/psp", review.ToJsonString());
        Assert.True(r.GetProperty("allowed").GetBoolean());
        Assert.All(_api.Reviews, s => Assert.Equal("kube-system", (string?)s["resourceAttributes"]!["namespace"]));
        Assert.Contains(_api.Reviews, s => (string?)s["user"] == "system:serviceaccount:kube-system:kube-proxy");
    }

    [Fact]
    public async Task API_server_500_denies_with_the_reason_counts_it_and_readiness_says_so()
    {
        _api.Status = 500;
        using var reviewer = Reviewer(_api.Url);
        await using var h = await Start(reviewer);
        var r = await h.Review("/validate/psp", Reviews.Review(Pod("shop", Reviews.CompliantContainer), ns: "shop"));
        Assert.False(r.GetProperty("allowed").GetBoolean());
        Assert.Equal(500, r.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Contains("cannot tell which PodSecurityPolicies the pod may use", Message(r));
        Assert.Contains("HTTP 500", Message(r));
        Assert.True(h.Server.Metrics.AccessReviews("error") > 0);
        Assert.Contains("stockade_psp_access_review_failing 1", h.Server.Metrics.Render());
        var ready = await h.Client.GetAsync("/readyz");
        Assert.Contains("SubjectAccessReviews fail", await ready.Content.ReadAsStringAsync());

        _api.Status = 201;
        ClassicGrants();
        Assert.True((await h.Review("/mutate/psp", Reviews.Review(Pod("shop", Reviews.CompliantContainer), ns: "shop"))).GetProperty("allowed").GetBoolean());
        Assert.Equal("ok\n", await (await h.Client.GetAsync("/readyz")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Slow_API_server_is_answered_by_the_failure_policy_after_the_configured_timeout()
    {
        ClassicGrants();
        _api.Hold = new TaskCompletionSource();
        using var reviewer = Reviewer(_api.Url);
        await using var h = await Start(reviewer, "pspAuthorization: {timeoutSeconds: 0.2}\n");
        var r = await h.Review("/validate/psp", Reviews.Review(Pod("shop", Reviews.CompliantContainer), ns: "shop"));
        Assert.False(r.GetProperty("allowed").GetBoolean());
        Assert.Contains("no answer within 0.2 s", Message(r));
    }

    [Fact]
    public async Task Unreachable_API_server_denies_under_failure_policy_closed_and_warns_under_open()
    {
        using var reviewer = Reviewer(LoopbackApi.RefusedUrl);
        await using (var h = await Start(reviewer))
        {
            var r = await h.Review("/validate/psp", Reviews.Review(Pod("shop", Reviews.CompliantContainer), ns: "shop"));
            Assert.False(r.GetProperty("allowed").GetBoolean());
            Assert.Contains("SubjectAccessReview for system:serviceaccount:shop:default", Message(r));
        }
        await using (var h = await Start(reviewer, "failurePolicy: open\n"))
        {
            var r = await h.Review("/validate/psp", Reviews.Review(Pod("shop", Reviews.CompliantContainer), ns: "shop"));
            Assert.True(r.GetProperty("allowed").GetBoolean());
            Assert.Contains("failure policy open: allowed without evaluation", Assert.Single(Reviews.Warnings(r)));
        }
    }

    [Fact]
    public async Task Answers_are_cached_until_their_time_to_live_passes()
    {
        ClassicGrants();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var reviewer = Reviewer(_api.Url);
        await using var h = await Start(reviewer, "pspAuthorization: {cacheTtlSeconds: 30, cacheSize: 100, timeoutSeconds: 10}\n", clock);
        var review = Reviews.Review(Pod("shop", Reviews.CompliantContainer), ns: "shop");
        Assert.True((await h.Review("/mutate/psp", review)).GetProperty("allowed").GetBoolean());
        var asked = _api.Reviews.Count;
        Assert.True((await h.Review("/mutate/psp", review)).GetProperty("allowed").GetBoolean());
        Assert.Equal(asked, _api.Reviews.Count);
        Assert.True(h.Server.Metrics.AccessReviews("cache_hit") > 0);

        clock.Advance(TimeSpan.FromSeconds(31));
        await h.Review("/mutate/psp", review);
        Assert.True(_api.Reviews.Count > asked);
    }

    [Fact]
    public async Task Subject_access_review_mode_without_a_cluster_denies_instead_of_treating_every_policy_as_usable()
    {
        await using var h = await WebhookHarness.StartAsync("pspAuthorization: {mode: subjectAccessReview}\n", policyFiles: Policies);
        var r = await h.Review("/validate/psp", Reviews.Review(Pod("shop", Reviews.PrivilegedContainer), ns: "shop"));
        Assert.False(r.GetProperty("allowed").GetBoolean());
        Assert.Contains("no API server to ask", Message(r));
    }

    [Fact]
    public async Task Update_is_validated_without_mutation_and_one_changing_only_finalizers_is_not_evaluated()
    {
        ClassicGrants();
        using var reviewer = Reviewer(_api.Url);
        await using var h = await Start(reviewer);
        // Needs defaulting under restricted (allowPrivilegeEscalation): admitted on create, refused on update.
        var plain = Pod("shop", """{"name": "app", "image": "x", "securityContext": {"runAsNonRoot": true}}""", annotations: """{"kubernetes.io/psp": "restricted"}""");
        var changed = plain.Replace("\"image\": \"x\"", "\"image\": \"y\"");
        var update = await h.Review("/mutate/psp", Reviews.Review(changed, operation: "UPDATE", oldObj: plain, ns: "shop"));
        Assert.False(update.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("PodSecurityPolicy: unable to validate pod: [", Message(update));
        Assert.False(update.TryGetProperty("patch", out _));

        var asked = _api.Reviews.Count;
        var finalized = plain.Replace("\"metadata\": {", "\"metadata\": {\"finalizers\": [\"example.com/x\"], ");
        var gc = await h.Review("/validate/psp", Reviews.Review(finalized, operation: "UPDATE", oldObj: plain, ns: "shop"));
        Assert.True(gc.GetProperty("allowed").GetBoolean());
        Assert.Equal(asked, _api.Reviews.Count);
    }
}
