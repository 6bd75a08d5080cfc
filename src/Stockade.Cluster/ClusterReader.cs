using System.Net;
using System.Text.Json;
using Stockade.Engine;
using Stockade.Json;

namespace Stockade.Cluster;

/// <summary>
/// A resource the audit could not list, or not list to the end, and why.
/// </summary>
/// <param name="StatusCode">The HTTP status, or 0 when the answer itself was broken (not JSON, over a limit, too slow).</param>
/// <param name="Listed">How many of its objects were read, and audited, before the failure.</param>
internal sealed record UnreadableResource(string Resource, string? Namespace, int StatusCode, string Reason, int Listed = 0)
{
    public string Uri => $"cluster://{Namespace ?? "*"}/{Resource}";

    /// <summary>
    /// Whether the audit is incomplete in a way the user did not choose: anything but the
    /// credentials' own limits (401, 403) and a resource the cluster does not serve (404).
    /// </summary>
    public bool IsError => Required || StatusCode is not (401 or 403 or 404);

    /// <summary>A resource a loaded policy matches or reads (see <see cref="AuditedKind.Required"/>): any failure is an error.</summary>
    public bool Required { get; init; }
}

/// <summary>The cluster could not be reached at all (connection refused, TLS, DNS, no answer).</summary>
internal sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Lists a cluster's objects page by page and hands each one to the scanner as a JSON document,
/// so a live object is read by exactly the code that reads a file. Each page is streamed from
/// the socket one item at a time, and pages are fetched only when the scanner asks for more, so
/// memory holds a few objects, not the cluster. Every answer is bounded (<see cref="ListLimits"/>).
/// </summary>
internal sealed class ClusterReader
{
    private readonly Func<string, CancellationToken, Task<HttpResponseMessage>> _get;
    private readonly string? _namespaceFilter;
    private readonly ListLimits _limits;
    private readonly IReadOnlyList<AuditedKind> _kinds;
    private readonly List<UnreadableResource> _unreadable = new();
    private readonly Dictionary<string, int> _audited = new(StringComparer.Ordinal);

    public ClusterReader(ApiClient client, string? namespaceFilter = null, ListLimits? limits = null, IReadOnlyList<AuditedKind>? kinds = null)
        : this(client.GetAsync, namespaceFilter, limits, kinds)
    {
    }

    /// <param name="get">Sends a GET for a path relative to the API server and returns once the headers are in.</param>
    /// <summary>Sends a GET for a path relative to the API server (discovery reads through the same client).</summary>
    internal Func<string, CancellationToken, Task<HttpResponseMessage>> Get => _get;

    public ClusterReader(Func<string, CancellationToken, Task<HttpResponseMessage>> get, string? namespaceFilter = null, ListLimits? limits = null, IReadOnlyList<AuditedKind>? kinds = null)
    {
        _get = get;
        _namespaceFilter = namespaceFilter;
        _limits = limits ?? new ListLimits();
        _kinds = kinds ?? AuditedKinds.All;
    }

    /// <summary>How often one list is restarted after its continue token expired (HTTP 410) before giving up on it.</summary>
    public int MaxRestarts { get; init; } = 3;

    /// <summary>Called after each page with the resource and how many of its objects were read so far.</summary>
    public Action<string, int>? Progress { get; init; }

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
        var ns = kind.Namespaced ? _namespaceFilter : null;
        var list = new ListState(kind, ns);
        // Keys (uids) of what was handed over, so that a list restarted after its continue token
        // expired does not scan objects twice: a few megabytes for 100,000 pods, never the objects.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        _audited.TryAdd(kind.Resource, 0);
        while (true)
        {
            if (list.Pages >= _limits.MaxPages)
            {
                Fail(list, 0, $"the API server kept returning pages: gave up after {list.Pages} pages");
                yield break;
            }
            list.Pages++;
            using var page = OpenPage(list, cancellation);
            if (page == null)
            {
                if (list.Restart)
                {
                    list.Restart = false;
                    continue;
                }
                yield break;
            }
            while (true)
            {
                var item = NextItem(page, list);
                if (item == null) break;
                if (Stamp(kind, item.Value, seen) is not { } input) continue;
                if (list.Read >= _limits.MaxObjectsPerResource)
                {
                    Fail(list, 0, $"more than {_limits.MaxObjectsPerResource} objects (the limit per resource)");
                    yield break;
                }
                list.Read++;
                _audited[kind.Resource] = list.Read;
                yield return input;
            }
            if (list.Failed) yield break;
            Progress?.Invoke(kind.Resource, list.Read);
            var next = page.Items.Continue;
            if (string.IsNullOrEmpty(next)) yield break;
            if (!tokens.Add(next))
            {
                Fail(list, 0, "the API server returned a continue token it had returned before: the list would never end");
                yield break;
            }
            list.Next = next;
        }
    }

    /// <summary>Where one resource's list stands.</summary>
    private sealed class ListState(AuditedKind kind, string? ns)
    {
        public AuditedKind Kind { get; } = kind;
        public string? Namespace { get; } = ns;
        public string? Next { get; set; }
        public int Read { get; set; }
        public int Pages { get; set; }
        public int Restarts { get; set; }
        public bool Restart { get; set; }
        public bool Failed { get; set; }
    }

    /// <summary>One page being read: the response, its body's items and the page's deadline.</summary>
    private sealed class Page(HttpResponseMessage response, CancellationTokenSource deadline, JsonListItems items) : IDisposable
    {
        public JsonListItems Items { get; } = items;
        public CancellationToken Cancellation => deadline.Token;

        public void Dispose()
        {
            response.Dispose();
            deadline.Dispose();
        }
    }

    private Page? OpenPage(ListState list, CancellationToken cancellation)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (_limits.PageTimeout is { } timeout) deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = _get(PageUri(list), deadline.Token).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            deadline.Dispose();
            throw new ClusterUnreachableException($"cannot reach the cluster: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            deadline.Dispose();
            // No answer at all: the API server stopped answering, and every other list would wait as long.
            throw new ClusterUnreachableException($"cannot reach the cluster: listing {list.Kind.Resource} got no answer within {Describe(_limits.PageTimeout)}", e);
        }

        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.Gone && list.Next != null && list.Restarts < MaxRestarts)
        {
            list.Restarts++;
            list.Next = null;
            list.Restart = true;
            response.Dispose();
            deadline.Dispose();
            return null;
        }
        if (status != 200)
        {
            var body = Head(response, deadline.Token);
            var reason = response.StatusCode == HttpStatusCode.Gone
                ? $"the list's continue token expired {list.Restarts + 1} times (HTTP 410)"
                : $"{StatusText(response.StatusCode)}: {MessageOf(body) ?? Preview(body)}";
            response.Dispose();
            deadline.Dispose();
            Fail(list, status, reason);
            return null;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != null && !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            var body = Head(response, deadline.Token);
            response.Dispose();
            deadline.Dispose();
            Fail(list, 0, $"the API server answered HTTP 200 with {mediaType}, not JSON: \"{Preview(body)}\"");
            return null;
        }
        Stream stream;
        try
        {
            stream = response.Content.ReadAsStream(deadline.Token);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            response.Dispose();
            deadline.Dispose();
            Fail(list, 0, $"the answer could not be read: {e.Message}");
            return null;
        }
        return new Page(response, deadline, new JsonListItems(stream, _limits.MaxItemBytes, _limits.MaxPageBytes));
    }

    private string PageUri(ListState list)
    {
        var query = new List<string> { $"limit={_limits.PageSize}" };
        if (list.Next != null) query.Add($"continue={Uri.EscapeDataString(list.Next)}");
        // With --namespace, the cluster-scoped Namespace list is narrowed to that namespace.
        if (list.Kind.Kind == "Namespace" && _namespaceFilter != null) query.Add($"fieldSelector={Uri.EscapeDataString($"metadata.name={_namespaceFilter}")}");
        return $"{list.Kind.ListPath(list.Namespace)}?{string.Join('&', query)}";
    }

    /// <summary>The next item of a page, or null at its end or on a failure (recorded, with what was read before it).</summary>
    private ReadOnlyMemory<byte>? NextItem(Page page, ListState list)
    {
        try
        {
            var item = page.Items.Next(page.Cancellation);
            if (item == null && page.Items.Kind == "Status")
            {
                Fail(list, 0, $"the API server answered HTTP 200 with a Status: {page.Items.StatusMessage}");
            }
            return item;
        }
        catch (JsonListException e)
        {
            Fail(list, 0, $"the answer is not a list that can be read: {e.Message} (at byte {e.Offset} of page {list.Pages})");
        }
        catch (OperationCanceledException) when (page.Cancellation.IsCancellationRequested)
        {
            Fail(list, 0, $"page {list.Pages} was not complete within {Describe(_limits.PageTimeout)}");
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            Fail(list, 0, $"the answer broke off: {e.Message}");
        }
        return null;
    }

    private void Fail(ListState list, int status, string reason)
    {
        list.Failed = true;
        var listed = list.Read > 0 ? $"; {list.Read} read before that were audited" : "";
        _unreadable.Add(new UnreadableResource(list.Kind.Resource, list.Namespace, status, reason + listed, list.Read) { Required = list.Kind.Required });
    }

    /// <summary>
    /// The item as the scanner reads it: <c>apiVersion</c> and <c>kind</c> first (list items
    /// carry neither), indented so a finding's line is the line a person sees in
    /// <c>kubectl get -o json</c>; null when it is audited through its owner or was seen already.
    /// </summary>
    private static ScanInput? Stamp(AuditedKind kind, ReadOnlyMemory<byte> item, HashSet<string> seen)
    {
        try
        {
            return StampValid(kind, item, seen);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not valid JSON, or a string that is not UTF-8: the scanner reads the item as it came
            // and reports what is wrong, and where.
            var raw = item.ToArray();
            return new ScanInput($"cluster://{kind.Resource}/<unreadable item>", () => new MemoryStream(raw, writable: false));
        }
    }

    private static ScanInput? StampValid(AuditedKind kind, ReadOnlyMemory<byte> item, HashSet<string> seen)
    {
        using (var doc = JsonDocument.Parse(item))
        {
            var root = doc.RootElement;
            if (!kind.Includes(root)) return null;
            var ns = MetadataString(root, "namespace");
            var name = MetadataString(root, "name");
            var key = MetadataString(root, "uid") is { Length: > 0 } uid ? uid : $"{ns}/{name}";
            if (!seen.Add(key)) return null;
            using var buffer = new MemoryStream(item.Length * 2);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("apiVersion", kind.ApiVersion);
                writer.WriteString("kind", kind.Kind);
                foreach (var property in root.EnumerateObject())
                {
                    if (property.NameEquals("apiVersion") || property.NameEquals("kind")) continue;
                    property.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            var bytes = buffer.ToArray();
            return new ScanInput(UriOf(kind.Kind, ns, name), () => new MemoryStream(bytes, writable: false));
        }
    }

    private static string? MetadataString(JsonElement root, string field) =>
        root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>The first few kilobytes of an error body: enough for a Status message or an HTML title.</summary>
    private static byte[] Head(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            using var stream = response.Content.ReadAsStream(cancellation);
            var buffer = new byte[16 * 1024];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.ReadAsync(buffer.AsMemory(total), cancellation).AsTask().GetAwaiter().GetResult()) > 0) total += read;
            return buffer[..total];
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return [];
        }
    }

    private static string Preview(byte[] body) => body.Length == 0 ? "(empty body)" : JsonListItems.Preview(body);

    private static string Describe(TimeSpan? timeout) => timeout is { } t ? $"{t.TotalSeconds:0.#} s" : "no limit";

    private static string StatusText(HttpStatusCode code) => code switch
    {
        HttpStatusCode.Forbidden => "forbidden (HTTP 403)",
        HttpStatusCode.Unauthorized => "unauthorized (HTTP 401)",
        HttpStatusCode.NotFound => "not served by this cluster (HTTP 404)",
        _ => $"HTTP {(int)code}",
    };

    /// <summary>The API server's <c>Status.message</c>, which names the user and the verb that was refused.</summary>
    private static string? MessageOf(byte[] body)
    {
        if (body.Length == 0) return null;
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
