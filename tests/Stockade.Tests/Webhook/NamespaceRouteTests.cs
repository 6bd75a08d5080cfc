using System.Collections.Concurrent;
using Stockade.Cli;
using Stockade.Cluster;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;

namespace Stockade.Tests.Webhook;

/// <summary>
/// <c>/validate/namespace</c>: Pod Security Admission's decision from the Namespace labels the
/// cluster has (a loopback API server), through the real webhook on 127.0.0.1.
/// </summary>
public sealed class NamespaceRouteTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly FakeNamespaceApi _api = new();

    public void Dispose()
    {
        _api.Dispose();
        _tree.Dispose();
    }

    private static Dictionary<string, string> Labels(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => "pod-security.kubernetes.io/" + p[0], p => p[1]);

    /// <summary>The cache serve builds from its command line, pointed at <paramref name="server"/>.</summary>
    private NamespaceCache Cache(string server) =>
        ServeCommand.Namespaces(ServeCommand.Read(["--kubeconfig", _tree.Write("kubeconfig", ReplayServer.Kubeconfig(server)), "--context", "replay"]))!;

    private static string Pod(string ns, string container = Reviews.PrivilegedContainer) =>
        Reviews.Review(Reviews.PodJson(container, ns: ns), ns: ns);

    [Fact]
    public async Task Namespace_route_enforces_warns_and_audits_by_the_labels_read_from_the_cluster()
    {
        _api.Listed["shop"] = Labels("enforce=restricted", "enforce-version=v1.30");
        _api.Listed["dev"] = Labels("enforce=privileged", "warn=baseline");
        _api.Listed["ops"] = Labels("enforce=privileged", "audit=restricted");
        _api.Listed["open"] = Labels("enforce=privileged");
        using var cache = Cache(_api.Url);
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { NamespaceLabels = cache.Labels });

        var denied = await h.Review("/validate/namespace", Pod("shop"));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("violates PodSecurity \"restricted:v1.30\": ", denied.GetProperty("status").GetProperty("message").GetString());
        Assert.Equal("restricted:v1.30", Reviews.Annotation(denied, "enforce-policy"));

        var warned = await h.Review("/validate/namespace", Pod("dev"));
        Assert.True(warned.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("would violate PodSecurity \"baseline:latest\": privileged", Assert.Single(Reviews.Warnings(warned)));

        var audited = await h.Review("/validate/namespace", Pod("ops"));
        Assert.True(audited.GetProperty("allowed").GetBoolean());
        Assert.StartsWith("would violate PodSecurity \"restricted:latest\": ", Reviews.Annotation(audited, "audit-violations"));

        var allowed = await h.Review("/validate/namespace", Pod("open"));
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        Assert.Empty(Reviews.Warnings(allowed));
    }

    [Fact]
    public async Task Policies_see_the_whole_namespace_object_as_upstream_trims_it()
    {
        _api.Listed["shop"] = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "shop", ["tier"] = "prod" };
        _api.Annotations["shop"] = new Dictionary<string, string> { ["owner"] = "payments" };
        _api.Unlisted["late"] = new Dictionary<string, string>();
        _api.Annotations["late"] = new Dictionary<string, string> { ["owner"] = "search" };
        using var cache = Cache(_api.Url);
        var policy = _tree.Write("vap.yaml", PolicyRouteTests.Policy("ns-object", """
              - expression: "namespaceObject.metadata.annotations.owner == 'payments'"
                messageExpression: "'owner ' + namespaceObject.metadata.annotations.owner"
              - expression: "namespaceObject.status.phase == 'Active' && namespaceObject.spec.finalizers == ['kubernetes']"
              - expression: "!has(namespaceObject.kind) && !has(namespaceObject.metadata.managedFields)"
            """));
        await using var h = await WebhookHarness.StartAsync($"vapPolicies: [{policy}]\n", o => o with { NamespaceLabels = cache.Labels, NamespaceObjects = cache.Object });

        Assert.True((await h.Review("/validate/policies", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, ns: "shop"), ns: "shop"))).GetProperty("allowed").GetBoolean());
        // Fetched on demand (not in the list), with the same fields.
        var late = await h.Review("/validate/policies", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, ns: "late"), ns: "late"));
        Assert.Contains("owner search", late.GetProperty("status").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Namespace_without_labels_gets_the_configured_default_level()
    {
        _api.Listed["plain"] = [];
        using var cache = Cache(_api.Url);
        await using (var h = await WebhookHarness.StartAsync(tweak: o => o with { NamespaceLabels = cache.Labels }))
        {
            var denied = await h.Review("/validate/namespace", Pod("plain"));
            Assert.StartsWith("violates PodSecurity \"baseline:latest\": ", denied.GetProperty("status").GetProperty("message").GetString());
        }
        await using (var h = await WebhookHarness.StartAsync("namespaceDefault: privileged\n", o => o with { NamespaceLabels = cache.Labels }))
        {
            Assert.True((await h.Review("/validate/namespace", Pod("plain"))).GetProperty("allowed").GetBoolean());
        }
    }

    [Fact]
    public async Task Namespace_not_yet_seen_is_fetched_from_the_API_server()
    {
        _api.Unlisted["late"] = Labels("enforce=restricted");
        using var cache = Cache(_api.Url);
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { NamespaceLabels = cache.Labels });
        var denied = await h.Review("/validate/namespace", Pod("late"));
        Assert.StartsWith("violates PodSecurity \"restricted:latest\": ", denied.GetProperty("status").GetProperty("message").GetString());
        Assert.Contains("/api/v1/namespaces/late", _api.Requests);
    }

    [Fact]
    public async Task Label_change_arrives_through_the_watch()
    {
        _api.Listed["shop"] = Labels("enforce=restricted");
        using var cache = Cache(_api.Url);
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { NamespaceLabels = cache.Labels });
        Assert.False((await h.Review("/validate/namespace", Pod("shop"))).GetProperty("allowed").GetBoolean());

        await Until(() => _api.OpenWatches > 0);
        _api.Emit("MODIFIED", "shop", Labels("enforce=privileged"));
        await Until(() => cache.Labels("shop")!.GetValueOrDefault("pod-security.kubernetes.io/enforce") == "privileged");
        Assert.True((await h.Review("/validate/namespace", Pod("shop"))).GetProperty("allowed").GetBoolean());
        // Served from the watched cache: the list, the watch, and no get.
        Assert.DoesNotContain(_api.Requests, r => r.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expired_watch_relists_without_counting_a_fault_but_another_error_is_shown_in_metrics_and_readiness()
    {
        _api.Listed["shop"] = Labels("enforce=restricted");
        var faults = new ConcurrentQueue<Exception>();
        using var cache = ServeCommand.Namespaces(
            ServeCommand.Read(["--kubeconfig", _tree.Write("kubeconfig", ReplayServer.Kubeconfig(_api.Url)), "--context", "replay"]), faults.Enqueue)!;
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { NamespaceLabels = cache.Labels, NamespaceWatch = () => cache.WatchState });
        await Until(() => _api.OpenWatches == 1);

        // 410 Gone is how a watch routinely ends: list again at once, no fault, no backoff.
        _api.EmitError(410, "Expired");
        await Until(() => _api.OpenWatches == 2);
        Assert.Equal(2, _api.Requests.Count(r => r.StartsWith("/api/v1/namespaces?limit=", StringComparison.Ordinal)));
        Assert.Empty(faults);
        Assert.Contains("stockade_namespace_watch_failures_total 0\n", await h.Client.GetStringAsync("/metrics"));

        // Any other ERROR event is a fault: counted, and named by readiness (which stays 200: the
        // cached labels stay in use) until the next list succeeds.
        _api.EmitError(500, "InternalError");
        await Until(() => !faults.IsEmpty);
        Assert.Contains("InternalError", Assert.Single(faults).Message);
        Assert.Contains("stockade_namespace_watch_failures_total 1\n", await h.Client.GetStringAsync("/metrics"));
        await Until(() => _api.OpenWatches == 3);
        Assert.Contains("stockade_namespace_watch_failing 0\n", await h.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Failing_namespace_watch_is_named_by_readiness_and_the_gauge()
    {
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { NamespaceLabels = _ => null, NamespaceWatch = () => (3, "HTTP 500") });
        using var ready = await h.Client.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok, but the Namespace watch fails (HTTP 500); cached labels stay in use and Namespaces not seen are fetched\n", await ready.Content.ReadAsStringAsync());
        var metrics = await h.Client.GetStringAsync("/metrics");
        Assert.Contains("stockade_namespace_watch_failures_total 3\n", metrics);
        Assert.Contains("stockade_namespace_watch_failing 1\n", metrics);
    }

    [Theory]
    [InlineData("closed", false)]
    [InlineData("open", true)]
    public async Task Unreachable_API_server_follows_the_failure_policy_and_is_visible(string policy, bool allowed)
    {
        using var cache = Cache(LoopbackApi.RefusedUrl);
        await using var h = await WebhookHarness.StartAsync($"failurePolicy: {policy}\n", o => o with { NamespaceLabels = cache.Labels });
        var response = await h.Review("/validate/namespace", Pod("shop"));
        Assert.Equal(allowed, response.GetProperty("allowed").GetBoolean());
        if (allowed)
        {
            Assert.StartsWith("stockade: failed to lookup namespace \"shop\": cannot read Namespace \"shop\" from the API server", Assert.Single(Reviews.Warnings(response)));
            Assert.NotNull(Reviews.Annotation(response, "error"));
        }
        else
        {
            Assert.Equal(500, response.GetProperty("status").GetProperty("code").GetInt32());
            Assert.StartsWith("stockade: failed to lookup namespace \"shop\"", response.GetProperty("status").GetProperty("message").GetString());
        }
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/namespace", "namespace_unavailable"));
        Assert.Equal("error", Assert.Single(h.AuditLines()).GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Namespace_route_without_cluster_access_is_an_unknown_route_that_says_why()
    {
        await using var h = await WebhookHarness.StartAsync();
        using var response = await h.Client.PostAsync("/validate/namespace", WebhookHarness.Json(Pod("shop")));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("start serve with --kubeconfig FILE", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits for something the watch delivers asynchronously (bounded; the assertion is on the state, not the time).</summary>
    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
