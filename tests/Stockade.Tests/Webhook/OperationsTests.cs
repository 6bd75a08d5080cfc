using System.Net;
using System.Text;
using System.Text.Json;
using Stockade.Webhook;

namespace Stockade.Tests.Webhook;

/// <summary>Certificate rotation, client certificates, audit ordering, shutdown, reloads, failure modes, metrics.</summary>
public class OperationsTests
{
    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Replaced_certificate_files_are_served_to_new_connections_without_restart()
    {
        await using var h = await WebhookHarness.StartAsync();
        using (var first = await h.Client.GetAsync("/healthz")) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("CN=stockade-test-server", h.LastServerCertificate!.Subject);

        h.WriteServingCertificate("stockade-rotated");
        await WaitFor(() => h.Server.Certificates.Current.Subject == "CN=stockade-rotated", "the new certificate to load");
        using var fresh = h.NewClient();
        using (var second = await fresh.GetAsync("/healthz")) Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("CN=stockade-rotated", h.LastServerCertificate!.Subject);
        Assert.Contains("stockade_certificate_reloads_total{result=\"success\"} 1", h.Server.Metrics.Render());
    }

    [Fact]
    public async Task Half_written_certificate_keeps_the_previous_one()
    {
        await using var h = await WebhookHarness.StartAsync();
        File.WriteAllText(h.KeyFile, "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n");
        await WaitFor(() => h.Server.Metrics.Render().Contains("stockade_certificate_reloads_total{result=\"failure\"}") &&
                            !h.Server.Metrics.Render().Contains("stockade_certificate_reloads_total{result=\"failure\"} 0"), "the failed reload");
        using var client = h.NewClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN=stockade-test-server", h.LastServerCertificate!.Subject);
    }

    [Fact]
    public async Task Client_ca_requires_a_certificate_signed_by_it()
    {
        await using var h = await WebhookHarness.StartAsync(requireClientCertificate: true);
        await Assert.ThrowsAsync<HttpRequestException>(() => h.Client.GetAsync("/healthz"));

        using var stranger = new TestPki("someone-else");
        using var wrongClient = h.NewClient(stranger.Issue("intruder", server: false).Certificate);
        await Assert.ThrowsAsync<HttpRequestException>(() => wrongClient.GetAsync("/healthz"));

        using var apiServer = h.NewClient(h.Pki.Issue("kube-apiserver", server: false).Certificate);
        using var response = await apiServer.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Audit_line_is_written_before_the_response_is_received()
    {
        await using var h = await WebhookHarness.StartAsync();
        var review = Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer), uid: "audited-uid");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate/restricted") { Content = WebhookHarness.Json(review) };
        using var response = await h.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // Headers are here, the body not yet read: the line must already be in the file.
        var line = Assert.Single(h.AuditLines());
        Assert.Equal("audited-uid", line.GetProperty("uid").GetString());
        Assert.Equal("alice", line.GetProperty("user").GetString());
        Assert.Equal("team-a", line.GetProperty("namespace").GetString());
        Assert.Equal("Pod", line.GetProperty("kind").GetString());
        Assert.Equal("web", line.GetProperty("name").GetString());
        Assert.Equal("CREATE", line.GetProperty("operation").GetString());
        Assert.Equal("/validate/restricted", line.GetProperty("route").GetString());
        Assert.Equal("denied", line.GetProperty("verdict").GetString());
        Assert.Contains("pss-privileged", line.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        Assert.True(line.GetProperty("latencyMs").GetDouble() >= 0);
        Assert.True(DateTimeOffset.Parse(line.GetProperty("time").GetString()!) > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Audit_log_rotates_by_size()
    {
        var dir = Directory.CreateTempSubdirectory("stockade-audit-").FullName;
        var path = Path.Combine(dir, "audit.jsonl");
        using (var log = new AuditLog(path, new WebhookMetrics(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System, maxBytes: 1000, keep: 2))
        {
            for (var i = 0; i < 40; i++)
            {
                log.TryWrite(new AuditEntry(DateTimeOffset.UtcNow, $"uid-{i}", "u", "ns", "Pod", "p", "CREATE", "/validate/restricted", "allowed", [], 0.1, false, null));
            }
        }
        Assert.True(new FileInfo(path).Length <= 1000);
        Assert.True(File.Exists(path + ".1"));
        Assert.True(File.Exists(path + ".2"));
        Assert.False(File.Exists(path + ".3"));
        var last = File.ReadAllLines(path).Last();
        Assert.Contains("\"uid\":\"uid-39\"", last);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Stop_turns_readiness_false_and_lets_the_in_flight_request_finish()
    {
        await using var h = await WebhookHarness.StartAsync();
        using (var ready = await h.Client.GetAsync("/readyz")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        var review = Encoding.UTF8.GetBytes(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer), uid: "in-flight"));
        var release = new TaskCompletionSource();
        var bodyStarted = new TaskCompletionSource();
        var content = new GatedContent(review, bodyStarted, release.Task);
        var inFlight = h.Client.PostAsync("/validate/restricted", content);
        await bodyStarted.Task;
        await Task.Delay(200);

        var stopping = h.Server.StopAsync();
        await WaitFor(() => !h.Server.IsReady, "readiness to turn false");
        release.SetResult();
        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("in-flight", doc.RootElement.GetProperty("response").GetProperty("uid").GetString());
        await stopping;
    }

    [Fact]
    public async Task Config_reload_applies_a_good_file_and_keeps_the_last_good_one_on_a_bad_file()
    {
        await using var h = await WebhookHarness.StartAsync("defaultMode: enforce\n");
        var review = Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer));
        Assert.False((await h.Review("/validate/restricted", review)).GetProperty("allowed").GetBoolean());

        File.WriteAllText(h.ConfigFile, "defaultMode: warn\n");
        await WaitFor(() => h.Server.Metrics.ConfigReloads("success") == 1, "the reload");
        var warned = await h.Review("/validate/restricted", review);
        Assert.True(warned.GetProperty("allowed").GetBoolean());
        Assert.Single(Reviews.Warnings(warned));

        File.WriteAllText(h.ConfigFile, "defaultMode: maybe\n");
        await WaitFor(() => h.Server.Metrics.ConfigReloads("failure") == 1, "the failed reload");
        Assert.Contains("defaultMode: \"maybe\" is not enforce, warn or audit", h.Server.Config.LastError);
        Assert.True((await h.Review("/validate/restricted", review)).GetProperty("allowed").GetBoolean());
        using var ready = await h.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("stockade_config_reloads_total{result=\"failure\"} 1", h.Server.Metrics.Render());
    }

    [Theory]
    [InlineData("closed", false)]
    [InlineData("open", true)]
    public async Task Internal_error_is_answered_per_the_failure_mode(string mode, bool allowed)
    {
        await using var h = await WebhookHarness.StartAsync($"failurePolicy: {mode}\n",
            tweak: o => o with { BeforeDecide = _ => throw new InvalidOperationException("simulated evaluator fault") });
        var response = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer), uid: "boom"));
        Assert.Equal("boom", response.GetProperty("uid").GetString());
        Assert.Equal(allowed, response.GetProperty("allowed").GetBoolean());
        if (allowed)
        {
            Assert.Contains("simulated evaluator fault", Assert.Single(Reviews.Warnings(response)));
            Assert.Contains("simulated evaluator fault", Reviews.Annotation(response, "error"));
        }
        else
        {
            Assert.Equal(500, response.GetProperty("status").GetProperty("code").GetInt32());
        }
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "internal"));
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_counts_by_route_and_verdict()
    {
        await using var h = await WebhookHarness.StartAsync();
        await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer)));
        await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer)));
        await h.Client.PostAsync("/validate/restricted", WebhookHarness.Json("{"));
        using var response = await h.Client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("stockade_admission_requests_total{route=\"/validate/restricted\",verdict=\"denied\"} 1\n", text);
        Assert.Contains("stockade_admission_requests_total{route=\"/validate/restricted\",verdict=\"allowed\"} 1\n", text);
        Assert.Contains("stockade_admission_errors_total{route=\"/validate/restricted\",kind=\"malformed_json\"} 1\n", text);
        Assert.Contains("stockade_admission_duration_seconds_count{route=\"/validate/restricted\"} 3\n", text);
        Assert.Contains("stockade_admission_duration_seconds_bucket{route=\"/validate/restricted\",le=\"+Inf\"} 3\n", text);
        Assert.Contains("# TYPE stockade_admission_duration_seconds histogram", text);
    }
}
