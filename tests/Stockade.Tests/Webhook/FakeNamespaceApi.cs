using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Stockade.Tests.Webhook;

/// <summary>
/// The Namespace part of an API server on 127.0.0.1: list, watch (a chunked stream the test
/// writes events to) and get. Namespaces in <see cref="Unlisted"/> exist but are missing from the
/// list, as one created after the list was taken.
/// </summary>
public sealed class FakeNamespaceApi : LoopbackApi
{
    private readonly ConcurrentBag<Channel<string>> _watchers = new();

    /// <summary>Namespaces the list returns, by name, with their labels.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Listed { get; } = new();

    /// <summary>Namespaces only a get finds.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Unlisted { get; } = new();

    /// <summary>Annotations of a Namespace, by name (none when absent).</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Annotations { get; } = new();

    /// <summary>How many watches are open now.</summary>
    public int OpenWatches => _watchers.Count;

    /// <summary>Sends a watch event to every open watch.</summary>
    public void Emit(string type, string name, Dictionary<string, string> labels)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = Namespace(name, labels, "11") }.ToJsonString() + "\n";
        foreach (var w in _watchers) w.Writer.TryWrite(line);
    }

    /// <summary>Sends a watch ERROR event carrying a Status with <paramref name="code"/> (410: the version is too old).</summary>
    public void EmitError(int code, string reason)
    {
        var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = "too old resource version", ["reason"] = reason, ["code"] = code };
        var line = new JsonObject { ["type"] = "ERROR", ["object"] = status }.ToJsonString() + "\n";
        foreach (var w in _watchers) w.Writer.TryWrite(line);
    }

    private JsonObject Namespace(string name, Dictionary<string, string> labels, string rv)
    {
        var l = new JsonObject();
        foreach (var (k, v) in labels) l[k] = v;
        var metadata = new JsonObject { ["name"] = name, ["resourceVersion"] = rv, ["labels"] = l, ["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl" }) };
        if (Annotations.TryGetValue(name, out var annotations))
        {
            var a = new JsonObject();
            foreach (var (k, v) in annotations) a[k] = v;
            metadata["annotations"] = a;
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
    }

    protected override async Task Respond(HttpListenerContext context, CancellationToken stop)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        if (path == "/api/v1/namespaces" && context.Request.QueryString["watch"] == "true")
        {
            var channel = Channel.CreateUnbounded<string>();
            _watchers.Add(channel);
            response.SendChunked = true;
            response.StatusCode = 200;
            await response.OutputStream.FlushAsync(stop);
            await foreach (var line in channel.Reader.ReadAllAsync(stop))
            {
                var bytes = Encoding.UTF8.GetBytes(line);
                await response.OutputStream.WriteAsync(bytes, stop);
                await response.OutputStream.FlushAsync(stop);
            }
            return;
        }
        if (path == "/api/v1/namespaces")
        {
            var items = new JsonArray();
            foreach (var (name, labels) in Listed.OrderBy(n => n.Key)) items.Add(Namespace(name, labels, "10"));
            await Write(response, 200, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "NamespaceList", ["metadata"] = new JsonObject { ["resourceVersion"] = "10" }, ["items"] = items }.ToJsonString());
        }
        else if (path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal))
        {
            var name = path["/api/v1/namespaces/".Length..];
            var found = Listed.TryGetValue(name, out var l) || Unlisted.TryGetValue(name, out l);
            await Write(response, found ? 200 : 404, found
                ? Namespace(name, l!, "12").ToJsonString()
                : $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"namespaces \\\"{name}\\\" not found\",\"reason\":\"NotFound\",\"code\":404}}");
        }
        else
        {
            await Write(response, 404, "{}");
        }
    }
}
