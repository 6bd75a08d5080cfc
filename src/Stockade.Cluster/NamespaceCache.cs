using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Stockade.Cluster;

/// <summary>
/// The cluster's Namespaces — their labels, as Pod Security Admission keeps them, and the object
/// a ValidatingAdmissionPolicy sees as <c>namespaceObject</c> — listed once,
/// then kept current by a watch (relisted after the watch ends or fails, with backoff). A
/// Namespace not in the cache (created since the last event, or the watch is behind) is fetched
/// from the API server on demand, so a new namespace's labels are never guessed.
/// </summary>
internal sealed class NamespaceCache : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly Kubernetes _client;
    private readonly TimeSpan _fetchTimeout;
    private readonly ConcurrentDictionary<string, CachedNamespace> _namespaces = new(StringComparer.Ordinal);

    /// <summary>A Namespace's labels, and its object as upstream's CreateNamespaceObject trims it.</summary>
    private sealed record CachedNamespace(IReadOnlyDictionary<string, string> Labels, JsonElement Object);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="client">The client; disposed with the cache.</param>
    /// <param name="fetchTimeout">How long a lookup of a Namespace not in the cache may wait for the API server.</param>
    /// <param name="onError">Told of each failed list or watch (the cache keeps serving what it has).</param>
    public NamespaceCache(Kubernetes client, TimeSpan fetchTimeout, Action<Exception>? onError = null)
    {
        _client = client;
        _fetchTimeout = fetchTimeout;
        OnError = onError;
        _loop = Task.Run(KeepCurrent);
    }

    private Action<Exception>? OnError { get; }

    private long _failures;
    private volatile string? _lastError;

    /// <summary>Failed lists and watches so far, and the last failure while failing (null once a list succeeds again).</summary>
    public (long Failures, string? LastError) WatchState => (Interlocked.Read(ref _failures), _lastError);

    /// <summary>True once a full list has been read.</summary>
    public bool Synced { get; private set; }

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
        if (_namespaces.TryGetValue(name, out var cached)) return cached;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_fetchTimeout);
        try
        {
            // The callers are request threads of the webhook; this runs only for a Namespace not yet seen.
            using var response = new ApiRequests(_client).GetAsync("api/v1/namespaces/" + Uri.EscapeDataString(name), timeout.Token).GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            using var doc = JsonDocument.Parse(response.Content.ReadAsStream(timeout.Token));
            return _namespaces[name] = Cached(doc.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            var why = e is OperationCanceledException ? $"no answer within {_fetchTimeout.TotalSeconds:0.#} s" : e.Message;
            throw new ClusterUnreachableException($"cannot read Namespace \"{name}\" from the API server: {why}", e);
        }
    }

    private async Task KeepCurrent()
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var version = await List(ct);
                backoff = TimeSpan.FromMilliseconds(250);
                await foreach (var (type, name, ns) in Watch(version, ct))
                {
                    if (type == "DELETED") _namespaces.TryRemove(name, out _);
                    else if (type is "ADDED" or "MODIFIED") _namespaces[name] = ns;
                }
                // The API server ends a watch after its timeout: list again, which also closes any gap.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failures);
                _lastError = e.Message;
                OnError?.Invoke(e);
                try
                {
                    await Task.Delay(backoff, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Lists every Namespace page by page, replaces the cache, and returns the list's resourceVersion.</summary>
    private async Task<string?> List(CancellationToken ct)
    {
        var seen = new Dictionary<string, CachedNamespace>(StringComparer.Ordinal);
        string? next = null;
        string? version = null;
        do
        {
            var uri = "api/v1/namespaces?limit=500" + (next == null ? "" : "&continue=" + Uri.EscapeDataString(next));
            using var response = await new ApiRequests(_client).GetAsync(uri, ct);
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"list of Namespaces: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            if (page.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var ns in items.EnumerateArray())
                {
                    if (Name(ns) is { } name) seen[name] = Cached(ns);
                }
            }
            var metadata = page.RootElement.TryGetProperty("metadata", out var m) ? m : default;
            version = Str(metadata, "resourceVersion");
            next = Str(metadata, "continue") is { Length: > 0 } c ? c : null;
        }
        while (next != null);
        foreach (var gone in _namespaces.Keys.Where(k => !seen.ContainsKey(k)).ToList()) _namespaces.TryRemove(gone, out _);
        foreach (var (name, ns) in seen) _namespaces[name] = ns;
        Synced = true;
        _lastError = null;
        return version;
    }

    /// <summary>
    /// The events of one watch of Namespaces from <paramref name="version"/>, read line by line.
    /// Written over the raw HTTP stream rather than the client's watch, which the NativeAOT build
    /// of KubernetesClient does not have; each event is parsed with JsonDocument (no reflection).
    /// </summary>
    private async IAsyncEnumerable<(string Type, string Name, CachedNamespace Namespace)> Watch(string? version, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var uri = "api/v1/namespaces?watch=true&allowWatchBookmarks=true" + (string.IsNullOrEmpty(version) ? "" : "&resourceVersion=" + Uri.EscapeDataString(version));
        using var response = await new ApiRequests(_client).GetAsync(uri, ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"watch of Namespaces: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await body.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var type = doc.RootElement.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            if (type == "ERROR")
            {
                // 410 Gone: the version watched from is older than the API server keeps. That is a
                // routine end of a watch (client-go's reflector relists on it without an error), so
                // list again at once rather than report a fault and back off. Any other ERROR is one.
                if (IsExpired(doc.RootElement)) yield break;
                throw new HttpRequestException($"watch of Namespaces ended: {line}");
            }
            if (!doc.RootElement.TryGetProperty("object", out var obj) || Name(obj) is not { } name) continue;
            yield return (type, name, Cached(obj));
        }
    }

    /// <summary>Whether a watch ERROR event carries the Status of an expired resourceVersion (code 410).</summary>
    private static bool IsExpired(JsonElement watchEvent) =>
        watchEvent.TryGetProperty("object", out var status) && status.ValueKind == JsonValueKind.Object &&
        status.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) && c == 410;

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

    private static string? Name(JsonElement ns) =>
        ns.ValueKind == JsonValueKind.Object && ns.TryGetProperty("metadata", out var m) ? Str(m, "name") : null;

    private static string? Str(JsonElement obj, string key) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

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
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
        _client.Dispose();
    }
}
