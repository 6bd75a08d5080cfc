using System.Net;
using System.Text;
using System.Text.Json;
using Stockade.Tests.Webhook;
using Stockade.Webhook;

namespace Stockade.Tests.Hostile;

/// <summary>Memory stays bounded under concurrent large reviews: the budget derived from the memory limit answers 429 beyond it.</summary>
public class WebhookMemoryBudgetTests
{
    /// <summary>A body of one-byte scalars, the worst shape for memory (its tree holds about 54 times the body).</summary>
    private static byte[] LargeReview(int bytes)
    {
        var numbers = new StringBuilder(bytes);
        while (numbers.Length < bytes) numbers.Append("0,");
        numbers.Append('0');
        return Encoding.UTF8.GetBytes(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, extraSpec: $"\"x\": [{numbers}], ")));
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    [Fact]
    public async Task Review_beyond_the_budget_is_429_with_retry_after_audited_and_counted()
    {
        var body = Encoding.UTF8.GetBytes(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, name: new string('w', 900_000)), uid: "held"));
        // Room for exactly one review of the largest size, this one.
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { MaxRequestBodyBytes = body.Length, MemoryLimitBytes = ReviewBudget.BaseReserve });
        Assert.Equal(ReviewBudget.CostOf(body.Length), h.Server.Budget.Capacity);
        var held = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var holding = h.Client.PostAsync("/validate/restricted", new GatedContent(body, started, held.Task));
        await started.Task;
        while (h.Server.Budget.InFlight == 0) await Task.Delay(20);

        using (var refused = await h.NewClient().PostAsync("/validate/restricted", WebhookHarness.Json(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer), uid: "refused"))))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("memory budget", await refused.Content.ReadAsStringAsync());
        }
        held.SetResult();
        using (var answered = await holding) Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(0, h.Server.Budget.Reserved);
        var lines = h.AuditLines();
        Assert.Contains(lines, l => l.GetProperty("verdict").GetString() == "error" && l.GetProperty("message").GetString()!.StartsWith("429: ", StringComparison.Ordinal));
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "overloaded"));
        // The next review fits again.
        await h.Review("/validate/restricted", Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer)));
    }

    [Fact]
    public async Task Hundred_concurrent_large_reviews_stay_under_the_generated_memory_limit()
    {
        const int limitMiB = 384;
        // What the runtime sets in a container with this limit (75% for the GC heap), and the budget from the generated Deployment's argument.
        await using var serve = await ServeProcess.StartAsync(["--memory-limit-mb", $"{limitMiB}"],
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = $"0x{limitMiB * 1024L * 1024 * 3 / 4:X}" });
        var body = LargeReview(2_900_000);
        using var client = serve.Client(connections: 100);
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            try
            {
                using var response = await client.PostAsync("/validate/restricted", Json(body), bounded.Token);
                var text = await response.Content.ReadAsStringAsync(bounded.Token);
                return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, text);
            }
            catch (HttpRequestException e)
            {
                return ((HttpStatusCode)0, null, $"{e.Message} {e.InnerException?.Message}\nserver log:\n{serve.Log}");
            }
        }));
        var peak = serve.PeakWorkingSetBytes();
        Console.WriteLine($"peak working set {peak >> 20} MiB; {results.Count(r => r.StatusCode == HttpStatusCode.OK)} answered, {results.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests)} refused 429");
        Assert.True(peak < limitMiB * 1024L * 1024, $"peak working set {peak >> 20} MiB is over the {limitMiB} MiB limit");
        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"HTTP {(int)r.StatusCode}: {r.text}"));
        Assert.Contains(results, r => r.StatusCode == HttpStatusCode.OK);
        var refused = results.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(1), r.RetryAfter));
        var audited = File.ReadAllLines(serve.AuditFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(100, audited.Count);
        Assert.Equal(refused.Count, audited.Count(l => l.TryGetProperty("message", out var m) && m.GetString()!.StartsWith("429: ", StringComparison.Ordinal)));
        var metrics = await client.GetStringAsync("/metrics", bounded.Token);
        Assert.Contains($"stockade_admission_errors_total{{route=\"/validate/restricted\",kind=\"overloaded\"}} {refused.Count}", metrics);
    }
}
