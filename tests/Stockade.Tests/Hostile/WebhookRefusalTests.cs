using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Stockade.Tests.Webhook;

namespace Stockade.Tests.Hostile;

/// <summary>Every answer that is not a decision (400, 408, 413, 429…) has a body, an audit line and a count, as docs/webhook.md promises.</summary>
public class WebhookRefusalTests
{
    private static void AssertAudited(WebhookHarness h, string statusPrefix)
    {
        var line = Assert.Single(h.AuditLines());
        Assert.Equal("error", line.GetProperty("verdict").GetString());
        Assert.StartsWith(statusPrefix, line.GetProperty("message").GetString());
    }

    /// <summary>A body without Content-Length, as a proxy or a hostile client may send it.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_with_a_reason_audited_and_counted()
    {
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { MaxRequestBodyBytes = 64 * 1024 });
        var content = new ChunkedContent(Encoding.UTF8.GetBytes(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, name: new string('w', 200_000)))));
        content.Headers.ContentType = new("application/json");
        using var response = await h.Client.PostAsync("/validate/restricted", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()));
        AssertAudited(h, "413: ");
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "too_large"));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_is_never_a_500_and_is_audited()
    {
        await using var h = await WebhookHarness.StartAsync();
        var text = Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, name: "web-MARK"));
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var at = Encoding.UTF8.GetBytes(text[..text.IndexOf("MARK", StringComparison.Ordinal)]).Length;
        bytes.RemoveRange(at, 4);
        bytes.InsertRange(at, [0xC3, 0x28, 0xFF, 0xFE]);
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new("application/json");
        using var response = await h.Client.PostAsync("/validate/restricted", content);
        var body = await response.Content.ReadAsStringAsync();
        // The API server never sends invalid UTF-8 (encoding/json writes U+FFFD); a reader that decodes as it does may decide instead.
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        Assert.False(string.IsNullOrWhiteSpace(body));
        var line = Assert.Single(h.AuditLines());
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Contains("invalid UTF-8", body);
            Assert.StartsWith("400: malformed JSON at 1:", line.GetProperty("message").GetString());
            Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "malformed_json"));
        }
        else
        {
            Assert.NotEqual("error", line.GetProperty("verdict").GetString());
        }
    }

    [Fact]
    public async Task Slow_body_is_answered_408_audited_and_counted()
    {
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { MinRequestBodyBytesPerSecond = 1000, MinRequestBodyGracePeriod = TimeSpan.FromSeconds(2) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, h.Server.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        await tls.WriteAsync("POST /validate/restricted HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"u8.ToArray());
        await tls.FlushAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = new StringBuilder();
        var buffer = new byte[4096];
        var readTask = tls.ReadAsync(buffer, deadline.Token).AsTask();
        while (!readTask.IsCompleted)
        {
            await Task.WhenAny(readTask, Task.Delay(500, deadline.Token));
            if (!readTask.IsCompleted) await tls.WriteAsync(" "u8.ToArray(), deadline.Token);
        }
        response.Append(Encoding.ASCII.GetString(buffer, 0, await readTask));
        Assert.StartsWith("HTTP/1.1 408", response.ToString());
        AssertAudited(h, "408: ");
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "slow_client"));
    }
}
