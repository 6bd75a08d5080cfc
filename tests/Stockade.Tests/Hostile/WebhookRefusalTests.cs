using System.Net;
using System.Text;
using Stockade.Tests.Webhook;

namespace Stockade.Tests.Hostile;

/// <summary>Every answer that is not a decision (400, 413, 429…; 408 in BadInputTests) has a body, an audit line and a count, as docs/webhook.md promises.</summary>
public class WebhookRefusalTests
{
    internal static void AssertAudited(WebhookHarness h, string statusPrefix)
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
        // Just over the limit: small enough to sit in the loopback socket's buffers, so the client
        // has written it all when the 413 comes back (with a far larger body it may still be writing
        // when the server closes, and HttpClient then reports a reset instead of the response).
        var content = new ChunkedContent(Encoding.UTF8.GetBytes(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer, name: new string('w', 80_000)))));
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
}
