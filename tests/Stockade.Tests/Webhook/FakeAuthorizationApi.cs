using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stockade.Tests.Audit;

namespace Stockade.Tests.Webhook;

/// <summary>
/// The SubjectAccessReview endpoint of an API server on 127.0.0.1. <see cref="Grants"/> decides
/// (user or group → policy names it may use); <see cref="Status"/> other than 201 answers a Status
/// failure; <see cref="Hold"/> keeps each request waiting until released, as a slow API server.
/// </summary>
public sealed class FakeAuthorizationApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public FakeAuthorizationApi()
    {
        Port = ReplayServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>A user name or group, and the policies it may use in any namespace (key "NS/" + subject for one namespace).</summary>
    public ConcurrentDictionary<string, string[]> Grants { get; } = new();

    public volatile int Status = 201;

    /// <summary>When set, requests wait for it (cancelled when the fake is disposed).</summary>
    public TaskCompletionSource? Hold;

    /// <summary>Every SubjectAccessReview spec received, in order.</summary>
    public ConcurrentQueue<JsonObject> Reviews { get; } = new();

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            var spec = body["spec"]!.AsObject();
            Reviews.Enqueue(spec);
            if (Hold is { } hold) await hold.Task.WaitAsync(_stop.Token);
            string text;
            if (context.Request.Url!.AbsolutePath != "/apis/authorization.k8s.io/v1/subjectaccessreviews" || context.Request.HttpMethod != "POST")
            {
                response.StatusCode = 404;
                text = "{}";
            }
            else if (Status != 201)
            {
                response.StatusCode = Status;
                text = $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"internal error\",\"code\":{Status}}}";
            }
            else
            {
                var attrs = spec["resourceAttributes"]!;
                var ns = (string?)attrs["namespace"] ?? "";
                var name = (string?)attrs["name"] ?? "";
                var subjects = new[] { (string?)spec["user"] ?? "" }.Concat(spec["groups"]?.AsArray().Select(g => (string)g!) ?? []);
                var allowed = (string?)attrs["verb"] == "use" && (string?)attrs["group"] == "policy" && (string?)attrs["resource"] == "podsecuritypolicies"
                    && subjects.Any(s => Grants.TryGetValue(s, out var p) && p.Contains(name) || Grants.TryGetValue(ns + "/" + s, out var q) && q.Contains(name));
                body["status"] = new JsonObject { ["allowed"] = allowed };
                response.StatusCode = 201;
                text = body.ToJsonString();
            }
            var b = Encoding.UTF8.GetBytes(text);
            response.ContentLength64 = b.Length;
            await response.OutputStream.WriteAsync(b);
        }
        catch (Exception e) when (e is HttpListenerException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
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
