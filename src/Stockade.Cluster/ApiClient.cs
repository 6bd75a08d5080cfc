using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Authentication;

namespace Stockade.Cluster;

/// <summary>
/// The HTTPS connection to one API server, set up from the Kubernetes client's configuration
/// exactly as the client's own <c>Kubernetes</c> class sets up its connection (KubernetesClient
/// 21.0.8, <c>Kubernetes.ConfigInit.cs</c>): the same handler and keep-alive settings, the client
/// certificate, <c>tls-server-name</c>, and the library's credentials (bearer token, exec plugin and
/// token-file refresh, basic auth); the server's certificate is checked as client-go checks it
/// (<see cref="ChainsToPinnedCa"/>).
/// Responses are handed back as soon as their headers arrive, so bodies are streamed.
/// </summary>
/// <remarks>
/// Why not the <c>Kubernetes</c> class itself: its constructor reads the configuration's
/// serializer options, whose static setup names every one of the library's models, so a
/// NativeAOT build carries System.Text.Json metadata for all of them (most of the binary's type
/// data, rebuilt in memory at every start; docs/benchmarks.md, "NativeAOT start-up"). Stockade
/// reads and writes the API server's JSON itself and needs only the connection.
/// </remarks>
internal sealed class ApiClient : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;
    private readonly ServiceClientCredentials? _credentials;
    private readonly string? _tlsServerName;
    private readonly X509Certificate2Collection? _caCerts;
    private readonly X509Certificate2? _clientCert;

    /// <exception cref="ClusterConfigException">The configuration has no usable host, or its client certificate cannot be read.</exception>
    public ApiClient(KubernetesClientConfiguration config)
    {
        if (string.IsNullOrWhiteSpace(config.Host)) throw new ClusterConfigException("cannot use the kubeconfig: the cluster has no server URL");
        if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var baseUri)) throw new ClusterConfigException($"cannot use the kubeconfig: server \"{config.Host}\" is not a URL");
        BaseUri = baseUri;
        Host = config.Host;
        _tlsServerName = string.IsNullOrWhiteSpace(config.TlsServerName) ? null : config.TlsServerName;
        // Read before anything that needs disposing: a certificate that cannot be read ends here.
        _clientCert = ClientCertificate(config);
        _credentials = Kubernetes.CreateCredentials(config);
        _handler = new SocketsHttpHandler
        {
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
        };
        _handler.SslOptions.ClientCertificates = [];
        config.FirstMessageHandlerSetup?.Invoke(_handler);
        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            if (config.SkipTlsVerify)
            {
                _handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            }
            else if (config.SslCaCerts != null)
            {
                _caCerts = [.. config.SslCaCerts.Select(c => new X509Certificate2(c))];
                var pinned = _caCerts;
                _handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ChainsToPinnedCa(pinned, certificate, chain, errors);
            }
        }
        if (_clientCert != null)
        {
            var certificate = _clientCert;
            _handler.SslOptions.ClientCertificates.Add(certificate);
            _handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }
        _http = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrWhiteSpace(config.UserAgent)) _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", config.UserAgent);
    }

    public Uri BaseUri { get; }

    /// <summary>The server URL as the kubeconfig gives it, for messages.</summary>
    public string Host { get; }

    /// <summary>GET <paramref name="relativeUri"/> (relative to the server URL), accepting JSON.</summary>
    public Task<HttpResponseMessage> GetAsync(string relativeUri, CancellationToken cancellation) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, relativeUri)), cancellation);

    /// <summary>POST a JSON body to <paramref name="relativeUri"/>.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string relativeUri, byte[] json, CancellationToken cancellation)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, relativeUri)) { Content = content }, cancellation);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_credentials != null) await _credentials.ProcessHttpRequestAsync(request, cancellation).ConfigureAwait(false);
            // As the library's requests do: kubeconfig's tls-server-name is the name the server's
            // certificate is checked against (SNI follows the Host header).
            if (_tlsServerName != null) request.Headers.Host = _tlsServerName;
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The server's certificate is trusted as client-go trusts it when the kubeconfig names a CA:
    /// it must chain to that CA alone (not to the system's roots), and it must name the host asked
    /// for (<c>tls-server-name</c> when given). The library's own callback accepts any certificate
    /// the system trusts and, with its CA, any name: a certificate the cluster CA issued to a
    /// kubelet or any other component would then pass as the API server.
    /// </summary>
    private static bool ChainsToPinnedCa(X509Certificate2Collection pinned, X509Certificate? presented, X509Chain? sent, SslPolicyErrors errors)
    {
        if (presented is not X509Certificate2 certificate || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(pinned);
        // The intermediates the server sent with its certificate.
        if (sent != null) chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>
    /// The kubeconfig's client certificate and key (data or files), as the library's internal
    /// <c>CertUtils.GetClientCert</c> reads them: both must be given, files win over data, and on
    /// Windows the pair is re-imported through PKCS#12 so that SChannel can use the key.
    /// </summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        var hasCert = !string.IsNullOrWhiteSpace(config.ClientCertificateData) || !string.IsNullOrWhiteSpace(config.ClientCertificateFilePath);
        var hasKey = !string.IsNullOrWhiteSpace(config.ClientCertificateKeyData) || !string.IsNullOrWhiteSpace(config.ClientKeyFilePath);
        if (!hasCert || !hasKey) return null;
        try
        {
            var key = !string.IsNullOrWhiteSpace(config.ClientKeyFilePath)
                ? File.ReadAllText(config.ClientKeyFilePath)
                : Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateKeyData));
            var cert = !string.IsNullOrWhiteSpace(config.ClientCertificateFilePath)
                ? File.ReadAllText(config.ClientCertificateFilePath)
                : Encoding.UTF8.GetString(Convert.FromBase64String(config.ClientCertificateData));
            var pair = X509Certificate2.CreateFromPem(cert, key);
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return pair;
            using (pair)
            {
                var pfx = pair.Export(X509ContentType.Pkcs12);
                return config.ClientCertificateKeyStoreFlags is { } flags
                    ? X509CertificateLoader.LoadPkcs12(pfx, null, flags)
                    : X509CertificateLoader.LoadPkcs12(pfx, null);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new ClusterConfigException($"cannot use the kubeconfig's client certificate: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
        _clientCert?.Dispose();
        if (_caCerts != null)
        {
            foreach (var c in _caCerts) c.Dispose();
        }
    }
}
