using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Stockade.Cluster;

/// <summary>
/// The cluster's Namespaces — their labels, as Pod Security Admission keeps them, and the object
/// a ValidatingAdmissionPolicy sees as <c>namespaceObject</c> — listed and watched
/// (<see cref="ResourceWatch{T}"/>). A
/// Namespace not in the cache (created since the last event, or the watch is behind) is fetched
/// from the API server on demand, so a new namespace's labels are never guessed.
/// </summary>
internal sealed class NamespaceCache : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly ApiClient _client;
    private readonly TimeSpan _fetchTimeout;
    private readonly ResourceWatch<CachedNamespace> _watch;
    private readonly CancellationTokenSource _stop = new();

    private ConcurrentDictionary<string, CachedNamespace> Namespaces => _watch.Objects;

    /// <summary>A Namespace's labels, and its object as upstream's CreateNamespaceObject trims it.</summary>
    private sealed record CachedNamespace(IReadOnlyDictionary<string, string> Labels, JsonElement Object);

    /// <param name="client">The client; disposed with the cache.</param>
    /// <param name="fetchTimeout">How long a lookup of a Namespace not in the cache may wait for the API server.</param>
    /// <param name="onError">Told of each failed list or watch (the cache keeps serving what it has).</param>
    public NamespaceCache(ApiClient client, TimeSpan fetchTimeout, Action<Exception>? onError = null)
    {
        _client = client;
        _fetchTimeout = fetchTimeout;
        _watch = new ResourceWatch<CachedNamespace>(client, "api/v1/namespaces", "Namespaces", Cached, onError);
    }

    /// <summary>Failed lists and watches so far, and the last failure while failing (null once a list succeeds again).</summary>
    public (long Failures, string? LastError) WatchState => _watch.State;

    /// <summary>True once a full list has been read.</summary>
    public bool Synced => _watch.Synced;

    /// <summary>The labels of a Namespace; null when it does not exist.</summary>
    /// <exception cref="ClusterUnreachableException">It is not cached and the API server cannot be asked.</exception>
    public IReadOnlyDictionary<string, string>? Labels(string name) => Find(name)?.Labels;

    /// <summary>
    /// A Namespace as a policy's <c>namespaceObject</c>: upstream's CreateNamespaceObject keeps its
    /// spec, status and these metadata fields (no managedFields, no owner references, and no
    /// apiVersion or kind); null when it does not exist.
    /// </summary>
    /// <exception cref="ClusterUnreachableException">It is not cached and the API server cannot be asked.</exception>
    public JsonElement? Object(string name) => Find(name)?.Object;

    private CachedNamespace? Find(string name)
    {
        if (Namespaces.TryGetValue(name, out var cached)) return cached;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_fetchTimeout);
        try
        {
            // The callers are request threads of the webhook; this runs only for a Namespace not yet seen.
            using var response = _client.GetAsync("api/v1/namespaces/" + Uri.EscapeDataString(name), timeout.Token).GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            using var doc = JsonDocument.Parse(response.Content.ReadAsStream(timeout.Token));
            return Namespaces[name] = Cached(doc.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            var why = e is OperationCanceledException ? $"no answer within {_fetchTimeout.TotalSeconds:0.#} s" : e.Message;
            throw new ClusterUnreachableException($"cannot read Namespace \"{name}\" from the API server: {why}", e);
        }
    }

    private static IReadOnlyDictionary<string, string> LabelsOf(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Object) return NoLabels;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels.EnumerateObject())
        {
            if (label.Value.ValueKind == JsonValueKind.String) result[label.Name] = label.Value.GetString()!;
        }
        return result.Count == 0 ? NoLabels : result;
    }

    // The metadata fields upstream's CreateNamespaceObject copies.
    private static readonly string[] KeptMetadata =
    [
        "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "finalizers",
    ];

    private static CachedNamespace Cached(JsonElement ns)
    {
        var metadata = ns.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            foreach (var key in KeptMetadata)
            {
                if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(key, out var v))
                {
                    w.WritePropertyName(key);
                    v.WriteTo(w);
                }
            }
            w.WriteEndObject();
            foreach (var key in (string[])["spec", "status"])
            {
                if (ns.TryGetProperty(key, out var v))
                {
                    w.WritePropertyName(key);
                    v.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
        using var trimmed = JsonDocument.Parse(buffer.WrittenMemory);
        return new CachedNamespace(metadata.ValueKind == JsonValueKind.Object ? LabelsOf(metadata) : NoLabels, trimmed.RootElement.Clone());
    }

    public void Dispose()
    {
        _stop.Cancel();
        _watch.Dispose();
        _stop.Dispose();
        _client.Dispose();
    }
}
