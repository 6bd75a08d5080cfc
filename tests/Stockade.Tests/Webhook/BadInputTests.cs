using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Stockade.Tests.Webhook;

/// <summary>Every malformed or hostile request gets a precise status, never a crash or a hang, and is counted.</summary>
public class BadInputTests
{
    private static async Task<(HttpStatusCode Status, string Body)> Post(WebhookHarness h, string route, HttpContent content)
    {
        using var response = await h.Client.PostAsync(route, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ", "malformed_json")]
    [InlineData("", "malformed_json")]
    [InlineData("[1, 2]", "wrong_review_type")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1beta1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"u\"}}", "wrong_review_type")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"TokenReview\", \"request\": {\"uid\": \"u\"}}", "wrong_review_type")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}", "missing_request")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"operation\": \"CREATE\"}}", "missing_request")]
    public async Task Unusable_review_is_400_and_counted(string body, string kind)
    {
        await using var h = await WebhookHarness.StartAsync();
        var (status, text) = await Post(h, "/validate/restricted", WebhookHarness.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", kind));
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        await using var h = await WebhookHarness.StartAsync();
        var (status, _) = await Post(h, "/validate/restricted", new StringContent(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer)), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "bad_content_type"));
    }

    [Fact]
    public async Task Get_on_a_review_route_is_405_and_unknown_profile_is_404()
    {
        await using var h = await WebhookHarness.StartAsync();
        using var get = await h.Client.GetAsync("/validate/restricted");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        var (status, body) = await Post(h, "/validate/paranoid", WebhookHarness.Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("unknown profile \"paranoid\"", body);
        var (pspStatus, _) = await Post(h, "/validate/psp", WebhookHarness.Json(Reviews.Review(Reviews.PodJson(Reviews.CompliantContainer))));
        Assert.Equal(HttpStatusCode.NotFound, pspStatus);
    }

    [Fact]
    public async Task Body_over_3_MiB_is_413_with_and_without_content_length()
    {
        await using var h = await WebhookHarness.StartAsync();
        // Declared too large: refused from the headers alone, before a byte of body is read.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, h.Server.Address.Port);
            await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync("127.0.0.1");
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"POST /validate/restricted HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {3 * 1024 * 1024 + 1}\r\n\r\n"));
            var buffer = new byte[4096];
            var n = await tls.ReadAsync(buffer);
            Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, n));
        }

        // Chunked: no length up front, Kestrel's MaxRequestBodySize stops the read. The server may
        // close while the client is still sending, so the client can see a reset instead of the 413;
        // the server's own count shows the refusal either way.
        var big = new string(' ', 3 * 1024 * 1024 + 10) + "{}";
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate/restricted") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        try
        {
            using var response = await h.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
        }
        Assert.Equal(2, h.Server.Metrics.Errors("/validate/restricted", "too_large"));
        using var health = await h.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Plain_http_on_the_https_port_is_refused()
    {
        await using var h = await WebhookHarness.StartAsync();
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new UriBuilder(h.Server.Address) { Scheme = "http" }.Uri;
        var refused = false;
        try
        {
            using var response = await plain.GetAsync(new Uri(url, "/healthz"));
            refused = response.StatusCode != HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            refused = true;
        }
        Assert.True(refused, "plain HTTP must not be served");
        using var tls = await h.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, tls.StatusCode);
    }

    [Fact]
    public async Task Slow_headers_are_cut_off_by_the_headers_timeout()
    {
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, h.Server.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, cert, _, errors) => true);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        await tls.WriteAsync("POST /validate/restricted HTTP/1.1\r\nHost: x\r\n"u8.ToArray());
        await tls.FlushAsync();
        // Never finish the headers: the server must answer 408 or close, well before our own deadline.
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await tls.ReadAsync(buffer, deadline.Token);
        var text = Encoding.ASCII.GetString(buffer, 0, read);
        Assert.True(read == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task Slow_body_is_cut_off_by_the_minimum_data_rate_with_an_audited_408()
    {
        await using var h = await WebhookHarness.StartAsync(tweak: o => o with { MinRequestBodyBytesPerSecond = 1000, MinRequestBodyGracePeriod = TimeSpan.FromSeconds(2) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, h.Server.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        await tls.WriteAsync("POST /validate/restricted HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"u8.ToArray());
        await tls.FlushAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var response = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            // Trickle a byte a second until the server gives up on us.
            var readTask = tls.ReadAsync(buffer, deadline.Token).AsTask();
            while (!readTask.IsCompleted)
            {
                await Task.WhenAny(readTask, Task.Delay(1000, deadline.Token));
                if (!readTask.IsCompleted) await tls.WriteAsync(" "u8.ToArray(), deadline.Token);
            }
            var n = await readTask;
            response.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        catch (IOException)
        {
            // The connection was reset: also a refusal.
        }
        Assert.False(deadline.IsCancellationRequested, "the server never cut the slow client off");
        // Answered by the webhook itself: a status with a reason, an audit line, a count.
        Assert.StartsWith("HTTP/1.1 408", response.ToString());
        Hostile.WebhookRefusalTests.AssertAudited(h, "408: ");
        Assert.Equal(1, h.Server.Metrics.Errors("/validate/restricted", "slow_client"));
        // The server stays healthy for everyone else.
        using var health = await h.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
