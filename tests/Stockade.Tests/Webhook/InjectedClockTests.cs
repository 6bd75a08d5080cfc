using Microsoft.Extensions.Time.Testing;

namespace Stockade.Tests.Webhook;

/// <summary>
/// The webhook reads time only from the <see cref="TimeProvider"/> it is given: audit timestamps,
/// exemption expiry and the certificate checks follow a fake clock, with no waiting.
/// </summary>
public class InjectedClockTests
{
    private static readonly DateTimeOffset Start = new(2031, 2, 3, 4, 5, 6, TimeSpan.Zero);

    [Fact]
    public async Task Audit_lines_are_stamped_by_the_injected_clock()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { Time = clock });
        await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer)));
        Assert.Equal("2031-02-03T04:05:06.000Z", Assert.Single(h.AuditLines()).GetProperty("time").GetString());
    }

    [Fact]
    public async Task A_scanner_exemption_expires_at_admission_when_the_injected_clock_passes_its_date()
    {
        var dir = Directory.CreateTempSubdirectory("stockade-clock-").FullName;
        try
        {
            var scanner = Path.Combine(dir, "scanner.yaml");
            File.WriteAllText(scanner, """
                exemptions:
                  - rules: ["*"]
                    namespace: team-a
                    reason: migration window
                    expires: 2031-02-03
                """);
            var clock = new FakeTimeProvider(Start);
            await using var h = await WebhookHarness.StartAsync($"scannerConfig: {scanner}\n", o => o with { Time = clock });
            var review = Reviews.Review(Reviews.PodJson(Reviews.PrivilegedContainer));
            Assert.True((await h.Review("/validate/restricted", review)).GetProperty("allowed").GetBoolean());
            clock.Advance(TimeSpan.FromDays(1));
            Assert.False((await h.Review("/validate/restricted", review)).GetProperty("allowed").GetBoolean());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_renewed_certificate_is_picked_up_when_the_injected_clock_reaches_the_next_check()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { Time = clock, ReloadInterval = TimeSpan.FromHours(1) });
        h.WriteServingCertificate("stockade-renewed");
        Assert.Equal("CN=stockade-test-server", h.Server.Certificates.Current.Subject);
        // The fake clock runs the check on this thread, at once: no waiting for a real timer.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("CN=stockade-renewed", h.Server.Certificates.Current.Subject);
    }
}
