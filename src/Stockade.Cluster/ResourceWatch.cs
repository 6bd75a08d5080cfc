using System.Collections.Concurrent;
using System.Text.Json;

namespace Stockade.Cluster;

/// <summary>
/// The objects of one resource as the API server has them, as client-go's reflector keeps an
/// informer's store: listed page by page, then kept current by a watch from the list's
/// resourceVersion, listed again when the watch ends (the API server's timeout, or 410 Gone: no
/// fault) or fails (counted, with backoff). Raw JSON over the client's HTTP stack, parsed with
/// JsonDocument: the NativeAOT build of KubernetesClient has no watch.
/// </summary>
/// <typeparam name="T">What is kept of each object (made from its JSON, which is not kept).</typeparam>
internal sealed class ResourceWatch<T> : IDisposable
{
    private readonly ApiClient _client;
    private readonly string _path;
    private readonly string _what;
    private readonly Func<JsonElement, T> _keep;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _failures;
    private long _changes;
    private volatile string? _lastError;

    /// <param name="client">The client (not disposed with the watch).</param>
    /// <param name="path">The resource's collection, relative to the API server (<c>api/v1/namespaces</c>).</param>
    /// <param name="what">The resource as messages name it ("Namespaces").</param>
    /// <param name="keep">What is kept of an object.</param>
    /// <param name="onError">Told of each failed list or watch (what was kept stays in use).</param>
    public ResourceWatch(ApiClient client, string path, string what, Func<JsonElement, T> keep, Action<Exception>? onError = null)
    {
        _client = client;
        _path = path;
        _what = what;
        _keep = keep;
        OnError = onError;
        _loop = Task.Run(KeepCurrent);
    }

    private Action<Exception>? OnError { get; }

    /// <summary>The objects by <c>namespace/name</c> (<c>name</c> for cluster-scoped ones).</summary>
    public ConcurrentDictionary<string, T> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>True once a full list has been read.</summary>
    public bool Synced { get; private set; }

    /// <summary>Grows with every list and event: a reader that saw the same count saw the same objects.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Failed lists and watches so far, and the last failure while failing (null once a list succeeds again).</summary>
    public (long Failures, string? LastError) State => (Interlocked.Read(ref _failures), _lastError);

    private async Task KeepCurrent()
    {
        var backoff = new RetryBackoff();
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var version = await List(ct);
                backoff.Reset();
                await foreach (var (type, key, obj) in Watch(version, ct))
                {
                    if (type == "DELETED") Objects.TryRemove(key, out _);
                    else if (type is "ADDED" or "MODIFIED") Objects[key] = obj;
                    else continue;
                    Interlocked.Increment(ref _changes);
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
                if (!await backoff.Wait(ct)) return;
            }
        }
    }

    /// <summary>Lists every object page by page, replaces what is kept, and returns the list's resourceVersion.</summary>
    private async Task<string?> List(CancellationToken ct)
    {
        var seen = new Dictionary<string, T>(StringComparer.Ordinal);
        var version = await ListItems(_client, _path, _what, item =>
        {
            if (Key(item) is { } key) seen[key] = _keep(item);
        }, ct);
        foreach (var gone in Objects.Keys.Where(k => !seen.ContainsKey(k)).ToList()) Objects.TryRemove(gone, out _);
        foreach (var (key, obj) in seen) Objects[key] = obj;
        Interlocked.Increment(ref _changes);
        Synced = true;
        _lastError = null;
        return version;
    }

    /// <summary>Every item of a collection, page by page (500 a page); returns the list's resourceVersion.</summary>
    /// <exception cref="HttpRequestException">A page could not be read.</exception>
    internal static async Task<string?> ListItems(ApiClient client, string path, string what, Action<JsonElement> each, CancellationToken ct)
    {
        string? next = null;
        string? version;
        do
        {
            var uri = path + "?limit=500" + (next == null ? "" : "&continue=" + Uri.EscapeDataString(next));
            using var response = await client.GetAsync(uri, ct);
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"list of {what}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            if (page.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray()) each(item);
            }
            var metadata = page.RootElement.TryGetProperty("metadata", out var m) ? m : default;
            version = Str(metadata, "resourceVersion");
            next = Str(metadata, "continue") is { Length: > 0 } c ? c : null;
        }
        while (next != null);
        return version;
    }

    /// <summary>The events of one watch from <paramref name="version"/>, read line by line.</summary>
    private async IAsyncEnumerable<(string Type, string Key, T Object)> Watch(string? version, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var uri = _path + "?watch=true&allowWatchBookmarks=true" + (string.IsNullOrEmpty(version) ? "" : "&resourceVersion=" + Uri.EscapeDataString(version));
        using var response = await _client.GetAsync(uri, ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"watch of {_what}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
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
                throw new HttpRequestException($"watch of {_what} ended: {line}");
            }
            if (!doc.RootElement.TryGetProperty("object", out var obj) || Key(obj) is not { } key) continue;
            yield return (type, key, _keep(obj));
        }
    }

    /// <summary>Whether a watch ERROR event carries the Status of an expired resourceVersion (code 410).</summary>
    private static bool IsExpired(JsonElement watchEvent) =>
        watchEvent.TryGetProperty("object", out var status) && status.ValueKind == JsonValueKind.Object &&
        status.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) && c == 410;

    /// <summary><c>namespace/name</c>, or <c>name</c> for an object without a namespace; null without a name.</summary>
    internal static string? Key(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("metadata", out var m) || Str(m, "name") is not { } name) return null;
        return Str(m, "namespace") is { Length: > 0 } ns ? ns + "/" + name : name;
    }

    internal static string? Str(JsonElement obj, string key) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

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
    }
}
