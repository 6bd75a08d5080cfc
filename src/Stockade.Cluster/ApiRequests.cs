using System.Net.Http.Headers;
using k8s;

namespace Stockade.Cluster;

/// <summary>
/// Sends GET requests to the API server through the Kubernetes client's own HTTP stack (its TLS
/// settings, client certificates and credentials, including exec and token-file refresh), and
/// hands back the response as soon as its headers arrive, so bodies are streamed, never buffered.
/// </summary>
internal sealed class ApiRequests(Kubernetes client)
{
    public async Task<HttpResponseMessage> GetAsync(string relativeUri, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, relativeUri));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (client.Credentials != null) await client.Credentials.ProcessHttpRequestAsync(request, cancellation).ConfigureAwait(false);
        return await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
    }
}
