using System.Text;
using Stockade.Cluster;
using Stockade.Tests.Cli;
using Stockade.Tests.Hostile;
using Stockade.Tests.Webhook;

namespace Stockade.Tests.Audit;

/// <summary>
/// The connection to the API server that <c>audit</c> and <c>serve</c> use, over real TLS on
/// 127.0.0.1 with kubeconfigs read by the Kubernetes client: the server is trusted as client-go
/// trusts it (the kubeconfig's CA alone, and the server's name), and the client certificate is
/// presented.
/// </summary>
public sealed class ApiClientTlsTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly TestPki _cluster = new("cluster-ca");

    public void Dispose()
    {
        _cluster.Dispose();
        _tree.Dispose();
    }

    /// <summary>An API server on 127.0.0.1 serving <paramref name="certificate"/> that answers every request with an empty list.</summary>
    private static MisbehavingApiServer Server(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        new((_, stream, _) => MisbehavingApiServer.Respond(stream, 200, "application/json", MisbehavingApiServer.EmptyList), certificate);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private ApiClient Client(string server, string clusterFields, string userFields = "token: t")
    {
        var kubeconfig = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: {server}
                {clusterFields}
            contexts:
            - name: c
              context: {"{"}cluster: c, user: u{"}"}
            current-context: c
            users:
            - name: u
              user:
                {userFields}
            """;
        return new ApiClient(ClusterConnection.Configure(_tree.Write($"kubeconfig-{Guid.NewGuid():N}", kubeconfig), null));
    }

    private static async Task<int> Get(ApiClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.GetAsync("api/v1/namespaces", timeout.Token);
        return (int)response.StatusCode;
    }

    /// <summary>The request fails in the TLS handshake, on the server's certificate (not because the server was unreachable).</summary>
    private static async Task AssertRefused(ApiClient client)
    {
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => Get(client));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(e.InnerException);
    }

    [Fact]
    public async Task A_server_certificate_from_the_kubeconfigs_CA_naming_the_address_is_trusted()
    {
        using var server = Server(_cluster.Issue("kube-apiserver").Certificate);
        using var client = Client(server.Url, $"certificate-authority-data: {Base64(_cluster.CaPem)}");
        Assert.Equal(200, await Get(client));
    }

    [Fact]
    public async Task A_certificate_authority_file_pins_the_CA_too()
    {
        using var server = Server(_cluster.Issue("kube-apiserver").Certificate);
        using var client = Client(server.Url, $"certificate-authority: {_tree.Write("ca.crt", _cluster.CaPem)}");
        Assert.Equal(200, await Get(client));
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused()
    {
        using var other = new TestPki("other-ca");
        using var server = Server(other.Issue("impostor").Certificate);
        using var client = Client(server.Url, $"certificate-authority-data: {Base64(_cluster.CaPem)}");
        await AssertRefused(client);
    }

    [Fact]
    public async Task A_certificate_from_the_cluster_CA_issued_to_another_name_is_refused()
    {
        // A kubelet's serving certificate, say: the cluster CA signed it, but not for this address.
        using var server = Server(_cluster.Issue("system:node:worker-1", dnsNames: ["worker-1"]).Certificate);
        using var client = Client(server.Url, $"certificate-authority-data: {Base64(_cluster.CaPem)}");
        await AssertRefused(client);
    }

    [Fact]
    public async Task Tls_server_name_is_the_name_asked_for_and_checked()
    {
        using var server = Server(_cluster.Issue("kube-apiserver", dnsNames: ["kubernetes.default.svc"]).Certificate);
        using var client = Client(server.Url, $"certificate-authority-data: {Base64(_cluster.CaPem)}\n    tls-server-name: kubernetes.default.svc");
        Assert.Equal(200, await Get(client));
        Assert.Equal(["kubernetes.default.svc"], server.ServerNames);
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_certificate()
    {
        using var other = new TestPki("other-ca");
        using var server = Server(other.Issue("anything", dnsNames: ["elsewhere"]).Certificate);
        using var client = Client(server.Url, "insecure-skip-tls-verify: true");
        Assert.Equal(200, await Get(client));
    }

    [Fact]
    public async Task The_client_certificate_is_presented_from_data_and_from_files()
    {
        var (_, certPem, keyPem) = _cluster.Issue("auditor", server: false);
        using var server = Server(_cluster.Issue("kube-apiserver").Certificate);
        var ca = $"certificate-authority-data: {Base64(_cluster.CaPem)}";
        using (var fromData = Client(server.Url, ca, $"client-certificate-data: {Base64(certPem)}\n    client-key-data: {Base64(keyPem)}"))
        {
            Assert.Equal(200, await Get(fromData));
        }
        using (var fromFiles = Client(server.Url, ca, $"client-certificate: {_tree.Write("client.crt", certPem)}\n    client-key: {_tree.Write("client.key", keyPem)}"))
        {
            Assert.Equal(200, await Get(fromFiles));
        }
        Assert.Equal(["CN=auditor", "CN=auditor"], server.ClientCertificates);
    }

    [Fact]
    public void A_client_key_that_cannot_be_read_is_a_configuration_error()
    {
        var (_, certPem, _) = _cluster.Issue("auditor", server: false);
        var e = Assert.Throws<ClusterConfigException>(() => Client("https://127.0.0.1:1", "insecure-skip-tls-verify: true",
            $"client-certificate-data: {Base64(certPem)}\n    client-key-data: {Base64("not a key")}"));
        Assert.Contains("client certificate", e.Message);
    }
}
