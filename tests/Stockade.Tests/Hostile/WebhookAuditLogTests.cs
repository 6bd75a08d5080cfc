using System.Net;
using Stockade.Tests.Webhook;
using Stockade.Webhook;

namespace Stockade.Tests.Hostile;

/// <summary>What operators and full disks do to the audit log, through the real server: it never answers 500, never fails silently.</summary>
public class WebhookAuditLogTests
{
    private static string Privileged(string uid) => Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer), uid: uid);

    private static async Task<(HttpStatusCode Status, string Body)> Get(WebhookHarness h, string path)
    {
        using var response = await h.Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Audit_log_moved_away_is_created_again_and_the_next_lines_go_to_it()
    {
        await using var h = await WebhookHarness.StartAsync();
        await h.Review("/validate/restricted", Privileged("before"));
        File.Move(h.AuditFile, h.AuditFile + ".rotated");
        var response = await h.Review("/validate/restricted", Privileged("after"));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Equal(403, response.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("after", Assert.Single(h.AuditLines()).GetProperty("uid").GetString());
        Assert.Contains("\"uid\":\"before\"", File.ReadAllText(h.AuditFile + ".rotated"));
        Assert.Equal(1, h.Server.Metrics.AuditLogReopens);
        Assert.Equal(HttpStatusCode.OK, (await Get(h, "/readyz")).Status);
    }

    [Fact]
    public async Task Audit_log_deleted_before_a_size_rotation_keeps_answering_decisions()
    {
        // The reported failure: after the file was deleted, the next rotation threw and every request was an empty 500.
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { AuditLogMaxBytes = 2000, AuditLogKeep = 2 });
        await h.Review("/validate/restricted", Privileged("first"));
        File.Delete(h.AuditFile);
        for (var i = 0; i < 20; i++)
        {
            var response = await h.Review("/validate/restricted", Privileged($"uid-{i}"));
            Assert.Equal(403, response.GetProperty("status").GetProperty("code").GetInt32());
        }
        var written = new[] { h.AuditFile, h.AuditFile + ".1", h.AuditFile + ".2" }.Where(File.Exists).SelectMany(File.ReadAllLines).ToList();
        Assert.Contains(written, l => l.Contains("\"uid\":\"uid-19\""));
        Assert.Equal(0, h.Server.Metrics.AuditWriteFailures);
        Assert.Contains("stockade_audit_log_writable 1", h.Server.Metrics.Render());
    }

    [Fact]
    public async Task Audit_log_truncated_in_place_is_written_from_its_new_end()
    {
        await using var h = await WebhookHarness.StartAsync();
        await h.Review("/validate/restricted", Privileged("before"));
        // logrotate copytruncate: same file, cut to zero; a writer at its old offset would leave a hole of NUL bytes.
        using (var f = new FileStream(h.AuditFile, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) f.SetLength(0);
        await h.Review("/validate/restricted", Privileged("after"));
        var bytes = File.ReadAllBytes(h.AuditFile);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.Equal("after", Assert.Single(h.AuditLines()).GetProperty("uid").GetString());
    }

    [Fact]
    public async Task Unwritable_audit_log_denies_with_a_clear_message_reports_not_ready_then_recovers_with_a_gap_line()
    {
        await using var h = await WebhookHarness.StartAsync();
        await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer), uid: "written"));
        // A directory where the file was: nothing can be opened there, even as root.
        File.Delete(h.AuditFile);
        Directory.CreateDirectory(h.AuditFile);

        var denied = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer), uid: "unaudited"));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Equal(503, denied.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Contains("audit log cannot be written", denied.GetProperty("status").GetProperty("message").GetString());
        var (ready, why) = await Get(h, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Contains("audit log", why);
        var metrics = h.Server.Metrics.Render();
        Assert.Contains("stockade_audit_log_writable 0", metrics);
        Assert.True(h.Server.Metrics.AuditWriteFailures >= 1);
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "audit_unwritable"));
        // Refusals are still answered with their own status.
        using (var bad = await h.Client.PostAsync("/validate/restricted", WebhookHarness.Json("{")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        Directory.Delete(h.AuditFile);
        // The readiness probe retries the file, so a replica taken out of the Service comes back by itself.
        Assert.Equal(HttpStatusCode.OK, (await Get(h, "/readyz")).Status);
        var gap = Assert.Single(h.AuditLines());
        Assert.Equal("gap", gap.GetProperty("verdict").GetString());
        Assert.StartsWith($"{h.Server.Metrics.AuditWriteFailures} audit line(s) could not be written since ", gap.GetProperty("message").GetString());
        Assert.Contains("stockade_audit_log_writable 1", h.Server.Metrics.Render());
        var allowed = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer), uid: "again"));
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Full_disk_under_the_deny_policy_denies_every_review_and_is_not_ready()
    {
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { AuditLogFile = "/dev/full" });
        var response = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer)));
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Contains("No space left on device", response.GetProperty("status").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get(h, "/readyz")).Status);
        Assert.Equal(1, h.Server.Metrics.Requests("/validate/restricted", "error"));
        Assert.Contains("stockade_audit_write_failures_total 1", h.Server.Metrics.Render());
    }

    [Fact]
    public async Task Full_disk_under_the_continue_policy_answers_decisions_and_reports_the_failure()
    {
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { AuditLogFile = "/dev/full", AuditFailure = AuditFailurePolicy.Continue });
        var allowed = await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer)));
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        var denied = await h.Review("/validate/restricted", Privileged("privileged"));
        Assert.Equal(403, denied.GetProperty("status").GetProperty("code").GetInt32());
        var (ready, body) = await Get(h, "/readyz");
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Contains("/dev/full cannot be written", body);
        Assert.Equal(2, h.Server.Metrics.AuditWriteFailures);
        Assert.Contains("stockade_audit_log_writable 0", h.Server.Metrics.Render());
    }
}
