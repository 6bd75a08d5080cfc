using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stockade.Tests.Audit;
using Stockade.Tests.Cli;
using Stockade.Tests.Docs;
using Stockade.Tests.Webhook;

namespace Stockade.Tests.Release;

/// <summary>
/// Both released builds, the NativeAOT binary and the installed .NET tool (trimmed, self-contained),
/// run <c>serve</c> against a loopback API server as the JIT build does (PspAuthorizationRouteTests,
/// NamespaceRouteTests): the SubjectAccessReviews of the psp routes and the namespace cache's list
/// and watch go through KubernetesClient when trimmed, and AdmissionReviews over HTTPS get the
/// verdicts those answers call for.
/// </summary>
[Trait("Category", ReleaseFolder.Category)]
public sealed partial class ReleasedServeTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly TestPki _pki = new();
    private readonly FakeAuthorizationApi _authorization = new();
    private readonly FakeNamespaceApi _namespaces = new();
    private readonly FakeClusterApi _api;

    public ReleasedServeTests() => _api = new FakeClusterApi(_authorization, _namespaces);

    public void Dispose()
    {
        _api.Dispose();
        _authorization.Dispose();
        _namespaces.Dispose();
        _pki.Dispose();
        _tree.Dispose();
    }

    [Theory]
    [InlineData("native")]
    [InlineData("tool")]
    public async Task Released_serve_asks_the_API_server_which_policies_a_pod_may_use_and_reads_the_namespace_labels(string build)
    {
        if (ReleaseFolder.Find() is not { } dir) return;
        var binary = ReleaseFolder.Binary(build, dir, _tree);
        _authorization.Grants["system:serviceaccounts:kube-system"] = ["privileged"];
        _authorization.Grants["system:authenticated"] = ["restricted"];
        _namespaces.Listed["shop"] = new() { ["pod-security.kubernetes.io/enforce"] = "restricted", ["pod-security.kubernetes.io/enforce-version"] = "v1.30" };
        _namespaces.Listed["dev"] = new() { ["pod-security.kubernetes.io/enforce"] = "privileged" };
        var (_, certPem, keyPem) = _pki.Issue("stockade");
        using var serve = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                "serve", "--cert", _tree.Write("tls.crt", certPem), "--key", _tree.Write("tls.key", keyPem), "--listen", "127.0.0.1:0",
                "--kubeconfig", _tree.Write("kubeconfig", ReplayServer.Kubeconfig(_api.Url)), "--context", "replay",
                "--config", _tree.Write("config.yaml", "pspAuthorization: {timeoutSeconds: 10}\n"),
                "--policy", RepositoryFiles.PathOf("examples", "psp", "privileged.yaml"), "--policy", RepositoryFiles.PathOf("examples", "psp", "restricted.yaml"),
                "--shutdown-delay", "0",
            },
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        var stderr = serve.StandardError.ReadToEndAsync();
        try
        {
            var port = await ListeningPort(serve, stderr);
            using var client = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, errors) => _pki.Validates(cert as System.Security.Cryptography.X509Certificates.X509Certificate2, errors) },
            }) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await Ready(client, serve, stderr);

            var denied = await Review(client, "/validate/psp", Pod("shop", Reviews.PrivilegedContainer));
            Assert.False(denied.GetProperty("allowed").GetBoolean(), denied.ToString());
            Assert.Contains("Privileged containers are not allowed", denied.GetProperty("status").GetProperty("message").GetString());
            var system = await Review(client, "/validate/psp", Pod("kube-system", Reviews.PrivilegedContainer, "kube-proxy"));
            Assert.True(system.GetProperty("allowed").GetBoolean(), system.ToString());
            Assert.Contains(_authorization.Reviews, s => (string?)s["user"] == "system:serviceaccount:kube-system:kube-proxy");

            var restricted = await Review(client, "/validate/namespace", Pod("shop", Reviews.PrivilegedContainer));
            Assert.False(restricted.GetProperty("allowed").GetBoolean(), restricted.ToString());
            Assert.StartsWith("violates PodSecurity \"restricted:v1.30\": ", restricted.GetProperty("status").GetProperty("message").GetString());
            var privileged = await Review(client, "/validate/namespace", Pod("dev", Reviews.PrivilegedContainer));
            Assert.True(privileged.GetProperty("allowed").GetBoolean(), privileged.ToString());
        }
        finally
        {
            if (!serve.HasExited) serve.Kill();
            await serve.WaitForExitAsync();
        }
        Assert.DoesNotContain("Exception", await stderr);
    }

    private static string Pod(string ns, string container, string sa = "default") =>
        Reviews.Review(Reviews.PodJson(container, ns: ns, extraSpec: $"\"serviceAccountName\": \"{sa}\", "), ns: ns);

    /// <summary>
    /// The port serve bound for <c>--listen 127.0.0.1:0</c>, from its "listening on" log line; the kernel
    /// picks it, so no parallel test can take it between a probe and serve's bind. The rest of stdout
    /// is drained so the pipe never fills.
    /// </summary>
    private static async Task<int> ListeningPort(Process serve, Task<string> stderr)
    {
        var limit = TimeSpan.FromSeconds(60);
        var waited = Stopwatch.StartNew();
        try
        {
            while (await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromTicks(Math.Max(0, (limit - waited.Elapsed).Ticks))) is { } line)
            {
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    _ = serve.StandardOutput.ReadToEndAsync();
                    return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (TimeoutException)
        {
            Assert.Fail($"serve logged no \"listening on\" line in {limit.TotalSeconds} s");
        }
        await serve.WaitForExitAsync();
        Assert.Fail($"serve exited with {serve.ExitCode} before it listened: {await stderr}");
        return 0;
    }

    [GeneratedRegex(@"listening on https://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();

    /// <summary>Waits for /readyz (the namespace cache listed): the process was just started.</summary>
    private static async Task Ready(HttpClient client, Process serve, Task<string> stderr)
    {
        for (var i = 0; i < 600; i++)
        {
            Assert.False(serve.HasExited, $"serve exited with {(serve.HasExited ? serve.ExitCode : 0)}: {(serve.HasExited ? await stderr : "")}");
            try
            {
                using var r = await client.GetAsync("/readyz");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail("serve did not become ready in 60 s");
    }

    private static async Task<JsonElement> Review(HttpClient client, string route, string review)
    {
        using var response = await client.PostAsync(route, WebhookHarness.Json(review));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("response").Clone();
    }
}
