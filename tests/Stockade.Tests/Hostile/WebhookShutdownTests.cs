using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stockade.Tests.Webhook;

namespace Stockade.Tests.Hostile;

/// <summary>SIGTERM to a real <c>stockade serve</c> process: not ready at once, still accepting for the delay, then drained; no request is reset.</summary>
public class WebhookShutdownTests
{
    private static bool IsRefused(HttpRequestException e) => e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    [Fact]
    public async Task Sigterm_is_not_ready_keeps_accepting_for_the_delay_then_drains_in_flight_requests_without_resets()
    {
        await using var serve = await ServeProcess.StartAsync(["--shutdown-delay", "4", "--shutdown-timeout", "20"]);
        var review = Encoding.UTF8.GetBytes(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer)));
        using var client = serve.Client(connections: 4);
        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        var answeredAfterNotReady = 0;
        var notReady = false;
        var stopSending = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!stopSending.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.PostAsync("/validate/restricted", new ByteArrayContent(review) { Headers = { ContentType = new("application/json") } });
                    await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK) failures.Enqueue($"HTTP {(int)response.StatusCode}");
                    Interlocked.Increment(ref answered);
                    if (Volatile.Read(ref notReady)) Interlocked.Increment(ref answeredAfterNotReady);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e.ToString());
                    return;
                }
            }
        }).ToArray();
        while (Volatile.Read(ref answered) < 20 && failures.IsEmpty) await Task.Delay(50);

        serve.Terminate();
        using (var probe = serve.Client(connections: 1))
        {
            while (true)
            {
                using var ready = await probe.GetAsync("/readyz");
                if (ready.StatusCode == HttpStatusCode.ServiceUnavailable) break;
                await Task.Delay(50);
            }
        }
        Volatile.Write(ref notReady, true);
        // A review whose body is still arriving when the listener closes: it must be answered.
        var release = new TaskCompletionSource();
        var bodyStarted = new TaskCompletionSource();
        using var slowClient = serve.Client(connections: 1);
        var inFlight = slowClient.PostAsync("/validate/restricted", new GatedContent(review, bodyStarted, release.Task));
        await bodyStarted.Task;
        // Well inside the delay: the endpoints would have dropped this pod by now, so the API server stops sending.
        await Task.Delay(1000);
        stopSending.Cancel();
        await Task.WhenAll(workers);

        // The listener closes after the delay: a new connection is refused, not reset.
        using (var late = serve.Client(connections: 1))
        {
            while (true)
            {
                try
                {
                    (await late.GetAsync("/healthz")).Dispose();
                    await Task.Delay(100);
                }
                catch (HttpRequestException e) when (IsRefused(e))
                {
                    break;
                }
            }
        }
        release.SetResult();
        using var drained = await inFlight;
        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        Assert.Contains("\"allowed\":true", await drained.Content.ReadAsStringAsync());
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.True(answeredAfterNotReady > 0, "no review was answered between SIGTERM and the end of the delay");
    }
}
