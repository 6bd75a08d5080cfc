using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Stockade.Tests.Webhook;

/// <summary>
/// The parts of an API server on 127.0.0.1 that <c>serve</c> reads for <c>clusterPolicies: true</c>:
/// discovery (admissionregistration.k8s.io in <see cref="PolicyVersion"/>, v1 ConfigMaps), and list
/// and watch of any collection in <see cref="Collections"/> (keyed by path, e.g.
/// <c>/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies</c>); list items carry no
/// apiVersion or kind, as the API server sends them. <see cref="ListStatus"/> other than 200 fails lists.
/// </summary>
public sealed class FakePolicyApi : LoopbackApi
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<Channel<string>>> _watchers = new();

    public string PolicyVersion { get; init; } = "v1";

    public volatile int ListStatus = 200;

    /// <summary>The objects of each collection by name (JSON, with apiVersion and kind).</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> Collections { get; } = new();

    public string PoliciesPath => $"/apis/admissionregistration.k8s.io/{PolicyVersion}/validatingadmissionpolicies";
    public string BindingsPath => $"/apis/admissionregistration.k8s.io/{PolicyVersion}/validatingadmissionpolicybindings";

    /// <summary>Adds or changes an object in its collection and sends the event to its open watches.</summary>
    public void Put(string path, JsonObject obj, bool emit = true)
    {
        var name = (string)obj["metadata"]!["name"]!;
        var type = Collections.GetOrAdd(path, _ => new()).ContainsKey(name) ? "MODIFIED" : "ADDED";
        Collections[path][name] = obj;
        if (emit) Emit(path, type, obj);
    }

    public void Delete(string path, string name)
    {
        if (Collections.GetOrAdd(path, _ => new()).TryRemove(name, out var obj)) Emit(path, "DELETED", obj);
    }

    private void Emit(string path, string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        foreach (var w in _watchers.GetOrAdd(path, _ => new())) w.Writer.TryWrite(line);
    }

    protected override async Task Respond(HttpListenerContext context, CancellationToken stop)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        if (path == "/api")
        {
            await Write(response, 200, """{"kind":"APIVersions","versions":["v1"]}""");
            return;
        }
        if (path == "/apis")
        {
            var gv = $"admissionregistration.k8s.io/{PolicyVersion}";
            var version = new JsonObject { ["groupVersion"] = gv, ["version"] = PolicyVersion };
            var group = new JsonObject { ["name"] = "admissionregistration.k8s.io", ["versions"] = new JsonArray(version), ["preferredVersion"] = version.DeepClone() };
            await Write(response, 200, new JsonObject { ["kind"] = "APIGroupList", ["groups"] = new JsonArray(group) }.ToJsonString());
            return;
        }
        if (path == "/api/v1")
        {
            await Write(response, 200, """{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["get","list","watch"]}]}""");
            return;
        }
        if (context.Request.QueryString["watch"] == "true")
        {
            var channel = Channel.CreateUnbounded<string>();
            _watchers.GetOrAdd(path, _ => new()).Add(channel);
            response.SendChunked = true;
            response.StatusCode = 200;
            await response.OutputStream.FlushAsync(stop);
            await foreach (var line in channel.Reader.ReadAllAsync(stop))
            {
                await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(line), stop);
                await response.OutputStream.FlushAsync(stop);
            }
            return;
        }
        if (ListStatus != 200)
        {
            await Write(response, ListStatus, $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"forbidden\",\"code\":{ListStatus}}}");
            return;
        }
        var items = new JsonArray();
        foreach (var (_, obj) in Collections.GetOrAdd(path, _ => new()).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var item = obj.DeepClone().AsObject();
            item.Remove("apiVersion");
            item.Remove("kind");
            items.Add(item);
        }
        await Write(response, 200, new JsonObject { ["kind"] = "List", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "7" }, ["items"] = items }.ToJsonString());
    }
}
