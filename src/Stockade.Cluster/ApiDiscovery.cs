using System.Text.Json;
using Stockade.Json;

namespace Stockade.Cluster;

/// <summary>A resource the API server serves, as discovery lists it.</summary>
internal sealed record DiscoveredResource(string Group, string Version, string Resource, string Kind, bool Namespaced, bool Listable)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}

/// <summary>Discovery could not be read: the resources the policies match cannot be known, so the audit cannot be complete.</summary>
internal sealed class DiscoveryException(string message) : Exception(message);

/// <summary>
/// The API server's discovery documents, as <c>kubectl api-resources</c> reads them: <c>/api</c>
/// and <c>/apis</c> for the groups and their versions, then each group/version's resource list,
/// fetched once and only when a policy's rules reach it. Any answer but 200 with the JSON expected
/// is a <see cref="DiscoveryException"/>, never an empty list.
/// </summary>
internal sealed class ApiDiscovery(Func<string, CancellationToken, Task<HttpResponseMessage>> get)
{
    private List<(string Group, IReadOnlyList<string> Versions, string Preferred)>? _groups;
    private readonly Dictionary<string, IReadOnlyList<DiscoveredResource>> _resources = new(StringComparer.Ordinal);

    /// <summary>Every group (the core group is <c>""</c>) with the versions it serves and its preferred one.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions, string Preferred)> Groups()
    {
        if (_groups != null) return _groups;
        var groups = new List<(string, IReadOnlyList<string>, string)>();
        using (var core = Get("api"))
        {
            var versions = Strings(core.RootElement, "versions", "api");
            groups.Add(("", versions, versions.Contains("v1") ? "v1" : versions.FirstOrDefault() ?? "v1"));
        }
        using (var apis = Get("apis"))
        {
            foreach (var g in Array(apis.RootElement, "groups", "apis"))
            {
                var name = Text(g, "name", "apis");
                var versions = Array(g, "versions", "apis").Select(v => Text(v, "version", "apis")).ToList();
                var preferred = g.TryGetProperty("preferredVersion", out var p) && p.ValueKind == JsonValueKind.Object ? Text(p, "version", "apis") : versions.FirstOrDefault() ?? "";
                groups.Add((name, versions, preferred));
            }
        }
        return _groups = groups;
    }

    /// <summary>The resources of one group/version (its subresources left out: they are not listed).</summary>
    public IReadOnlyList<DiscoveredResource> Resources(string group, string version)
    {
        var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        if (_resources.TryGetValue(path, out var known)) return known;
        using var doc = Get(path);
        var list = new List<DiscoveredResource>();
        foreach (var r in Array(doc.RootElement, "resources", path))
        {
            var name = Text(r, "name", path);
            if (name.Contains('/')) continue;
            var verbs = r.TryGetProperty("verbs", out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()).ToList() : [];
            list.Add(new DiscoveredResource(group, version, name, Text(r, "kind", path), r.TryGetProperty("namespaced", out var n) && n.ValueKind == JsonValueKind.True, verbs.Contains("list")));
        }
        return _resources[path] = list;
    }

    private JsonDocument Get(string path)
    {
        HttpResponseMessage response;
        try
        {
            response = get(path, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new ClusterUnreachableException($"cannot reach the cluster: {e.Message}", e);
        }
        using (response)
        {
            var body = Bounded(response);
            if ((int)response.StatusCode != 200) throw new DiscoveryException($"discovery /{path}: HTTP {(int)response.StatusCode}: {JsonListItems.Preview(body)}");
            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new DiscoveryException($"discovery /{path}: not JSON: {e.Message}");
            }
        }
    }

    /// <summary>Largest discovery document read (the biggest real ones are a few hundred kilobytes).</summary>
    private const int MaxBytes = 16 << 20;

    private static byte[] Bounded(HttpResponseMessage response)
    {
        using var stream = response.Content.ReadAsStream();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) throw new DiscoveryException($"a discovery document is larger than {MaxBytes} bytes");
        }
        return buffer.ToArray();
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : throw new DiscoveryException($"discovery /{path}: no {key} list");

    private static List<string> Strings(JsonElement e, string key, string path) => Array(e, key, path).Select(x => x.GetString() ?? "").ToList();

    private static string Text(JsonElement e, string key, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new DiscoveryException($"discovery /{path}: an entry without {key}");
}
