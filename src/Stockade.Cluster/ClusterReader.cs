using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Stockade.Engine;

namespace Stockade.Cluster;

/// <summary>A resource the audit could not list, and why (most often HTTP 403: the credentials may not).</summary>
public sealed record UnreadableResource(string Resource, string? Namespace, int StatusCode, string Reason)
{
    public string Uri => $"cluster://{Namespace ?? "*"}/{Resource}";
}

/// <summary>The cluster could not be reached at all (connection refused, TLS, DNS).</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Lists a cluster's objects page by page and hands each one to the scanner as a JSON document
/// serialised by the Kubernetes client, so a live object is read by exactly the code that reads a
/// file. Pages are fetched only when the scanner asks for more, so memory holds one page, not
/// the cluster: a 100,000-pod cluster is read 500 pods at a time.
/// </summary>
public sealed class ClusterReader(IKubernetes client, string? namespaceFilter = null, int pageSize = 500, IReadOnlyList<AuditedKind>? kinds = null)
{
    /// <summary>How often one list is restarted after its continue token expired (HTTP 410) before giving up on it.</summary>
    public int MaxRestarts { get; init; } = 3;

    /// <summary>Called after each page with the resource and how many of its objects were read so far.</summary>
    public Action<string, int>? Progress { get; init; }

    private readonly IReadOnlyList<AuditedKind> _kinds = kinds ?? AuditedKinds.All;
    private readonly List<UnreadableResource> _unreadable = new();
    private readonly Dictionary<string, int> _audited = new(StringComparer.Ordinal);

    public IReadOnlyList<UnreadableResource> Unreadable => _unreadable;

    /// <summary>Objects handed to the scanner, by resource (owned ReplicaSets, Jobs and pods are not counted).</summary>
    public IReadOnlyDictionary<string, int> Audited => _audited;

    /// <summary>The address a live object is reported at: <c>cluster://NAMESPACE/KIND/NAME</c>, or <c>cluster://KIND/NAME</c> when cluster-scoped.</summary>
    public static string UriOf(string kind, string? ns, string? name) =>
        ns is { Length: > 0 } ? $"cluster://{ns}/{kind.ToLowerInvariant()}/{name}" : $"cluster://{kind.ToLowerInvariant()}/{name}";

    public IEnumerable<ScanInput> Inputs(CancellationToken cancellation = default)
    {
        foreach (var kind in _kinds)
        {
            foreach (var input in Read(kind, cancellation)) yield return input;
        }
    }

    private IEnumerable<ScanInput> Read(AuditedKind kind, CancellationToken cancellation)
    {
        var ns = kind.Namespaced ? namespaceFilter : null;
        var read = 0;
        var restarts = 0;
        // Keys (uids) of what was handed over, so that a list restarted after its continue token
        // expired does not scan objects twice: a few megabytes for 100,000 pods, never the objects.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? next = null;
        _audited.TryAdd(kind.Resource, 0);
        while (true)
        {
            ListPage page;
            try
            {
                page = kind.List(client, FilterFor(kind), pageSize, next, cancellation).GetAwaiter().GetResult();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone && next != null && restarts < MaxRestarts)
            {
                restarts++;
                next = null;
                continue;
            }
            catch (HttpOperationException e)
            {
                var reason = e.Response.StatusCode == HttpStatusCode.Gone
                    ? $"the list's continue token expired {restarts + 1} times (HTTP 410); listed {read} before giving up"
                    : $"{StatusText(e.Response.StatusCode)}: {MessageOf(e.Response.Content) ?? e.Message}";
                _unreadable.Add(new UnreadableResource(kind.Resource, ns, (int)e.Response.StatusCode, reason));
                yield break;
            }
            catch (HttpRequestException e)
            {
                throw new ClusterUnreachableException($"cannot reach the cluster: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
            {
                // The client's own timeout (100 s by default) expired: the API server stopped answering.
                throw new ClusterUnreachableException($"cannot reach the cluster: listing {kind.Resource} timed out", e);
            }

            foreach (var item in page.Items)
            {
                if (!kind.Includes(item)) continue;
                var key = item.Metadata?.Uid is { Length: > 0 } uid ? uid : $"{item.Metadata?.NamespaceProperty}/{item.Metadata?.Name}";
                if (!seen.Add(key)) continue;
                item.ApiVersion = kind.ApiVersion;
                item.Kind = kind.Kind;
                var bytes = Serialize(item);
                read++;
                _audited[kind.Resource] = read;
                yield return new ScanInput(UriOf(kind.Kind, item.Metadata?.NamespaceProperty, item.Metadata?.Name), () => new MemoryStream(bytes, writable: false));
            }
            Progress?.Invoke(kind.Resource, read);
            if (page.Continue == null) yield break;
            next = page.Continue;
        }
    }

    /// <summary>With <c>--namespace</c>, the cluster-scoped Namespace list is narrowed to that namespace.</summary>
    private string? FilterFor(AuditedKind kind) => kind.Namespaced || kind.Kind == "Namespace" ? namespaceFilter : null;

    /// <summary>
    /// The client's own JSON, indented so a finding's line is the line a person sees in
    /// <c>kubectl get -o json</c>.
    /// </summary>
    private static byte[] Serialize(IKubernetesObject<V1ObjectMeta> item)
    {
        var compact = KubernetesJson.Serialize(item);
        using var doc = JsonDocument.Parse(compact);
        using var buffer = new MemoryStream(compact.Length * 2);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            doc.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    private static string StatusText(HttpStatusCode code) => code switch
    {
        HttpStatusCode.Forbidden => "forbidden (HTTP 403)",
        HttpStatusCode.Unauthorized => "unauthorized (HTTP 401)",
        HttpStatusCode.NotFound => "not served by this cluster (HTTP 404)",
        _ => $"HTTP {(int)code}",
    };

    /// <summary>The API server's <c>Status.message</c>, which names the user and the verb that was refused.</summary>
    private static string? MessageOf(string? body)
    {
        if (string.IsNullOrEmpty(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
