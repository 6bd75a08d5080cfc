using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Stockade.Webhook;

namespace Stockade.Tests.Webhook;

/// <summary>
/// A real <c>stockade serve</c> on 127.0.0.1 (an ephemeral port) with a certificate made in the
/// test, and an HttpClient that trusts only the test CA.
/// </summary>
internal sealed class WebhookHarness : IAsyncDisposable
{
    public TestPki Pki { get; } = new();
    public string Dir { get; } = Directory.CreateTempSubdirectory("stockade-webhook-").FullName;
    public WebhookServer Server { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string CertFile => Path.Combine(Dir, "tls.crt");
    public string KeyFile => Path.Combine(Dir, "tls.key");
    public string AuditFile => Path.Combine(Dir, "audit.jsonl");
    public string ConfigFile => Path.Combine(Dir, "config.yaml");

    /// <summary>The certificate the client saw on its last TLS handshake.</summary>
    public X509Certificate2? LastServerCertificate { get; private set; }

    public static async Task<WebhookHarness> StartAsync(string? config = null, Func<WebhookServerOptions, WebhookServerOptions>? tweak = null, IReadOnlyList<string>? policyFiles = null, bool requireClientCertificate = false)
    {
        var h = new WebhookHarness();
        h.WriteServingCertificate("stockade-test-server");
        var clientCa = Path.Combine(h.Dir, "client-ca.crt");
        if (requireClientCertificate) File.WriteAllText(clientCa, h.Pki.CaPem);
        if (config != null) File.WriteAllText(h.ConfigFile, config);
        var options = new WebhookServerOptions
        {
            CertFile = h.CertFile,
            KeyFile = h.KeyFile,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            ConfigFile = config == null ? null : h.ConfigFile,
            PolicyFiles = policyFiles ?? [],
            AuditLogFile = h.AuditFile,
            ReloadInterval = TimeSpan.FromMilliseconds(100),
            ConsoleLogs = false,
            ClientCaFile = requireClientCertificate ? clientCa : null,
        };
        h.Server = await WebhookServer.StartAsync(tweak?.Invoke(options) ?? options);
        h.Client = h.NewClient();
        return h;
    }

    public void WriteServingCertificate(string cn)
    {
        var (_, certPem, keyPem) = Pki.Issue(cn);
        File.WriteAllText(KeyFile, keyPem);
        File.WriteAllText(CertFile, certPem);
    }

    /// <summary>A client on new connections (a new handler), optionally presenting a client certificate.</summary>
    public HttpClient NewClient(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    LastServerCertificate = cert == null ? null : X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
                    return Pki.Validates(LastServerCertificate, errors);
                },
                ClientCertificates = clientCertificate == null ? null : new X509CertificateCollection { clientCertificate },
            },
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        return new HttpClient(handler) { BaseAddress = Server.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>POSTs a review and reads the AdmissionReview answer (asserting HTTP 200).</summary>
    public async Task<JsonElement> Review(string route, string review)
    {
        using var response = await Client.PostAsync(route, Json(review));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement.Clone();
        Assert.Equal("admission.k8s.io/v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("AdmissionReview", root.GetProperty("kind").GetString());
        return root.GetProperty("response");
    }

    public List<JsonElement> AuditLines() => File.ReadAllLines(AuditFile).Where(l => l.Length > 0)
        .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.StopAsync();
        await Server.DisposeAsync();
        Pki.Dispose();
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
        }
    }
}
