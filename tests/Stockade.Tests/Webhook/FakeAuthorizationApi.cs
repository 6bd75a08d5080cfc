using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Stockade.Tests.Webhook;

/// <summary>
/// The SubjectAccessReview endpoint of an API server on 127.0.0.1. <see cref="Grants"/> decides
/// (user or group → policy names it may use); <see cref="Status"/> other than 201 answers a Status
/// failure; <see cref="Hold"/> keeps each request waiting until released, as a slow API server.
/// </summary>
public sealed class FakeAuthorizationApi : LoopbackApi
{
    /// <summary>A user name or group, and the policies it may use in any namespace (key "NS/" + subject for one namespace).</summary>
    public ConcurrentDictionary<string, string[]> Grants { get; } = new();

    public volatile int Status = 201;

    /// <summary>When set, requests wait for it (cancelled when the fake is disposed).</summary>
    public TaskCompletionSource? Hold;

    /// <summary>When set, answers every review from its spec (allowed, reason) instead of <see cref="Grants"/>.</summary>
    public Func<JsonObject, (bool Allowed, string Reason)>? Decide;

    /// <summary>Every SubjectAccessReview spec received, in order.</summary>
    public ConcurrentQueue<JsonObject> Reviews { get; } = new();

    protected override async Task Respond(HttpListenerContext context, CancellationToken stop)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = JsonNode.Parse(await reader.ReadToEndAsync(stop))!.AsObject();
        var spec = body["spec"]!.AsObject();
        Reviews.Enqueue(spec);
        if (Hold is { } hold) await hold.Task.WaitAsync(stop);
        if (context.Request.Url!.AbsolutePath != "/apis/authorization.k8s.io/v1/subjectaccessreviews" || context.Request.HttpMethod != "POST")
        {
            await Write(context.Response, 404, "{}");
        }
        else if (Status != 201)
        {
            await Write(context.Response, Status, $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"internal error\",\"code\":{Status}}}");
        }
        else if (Decide is { } decide)
        {
            var (allowed, reason) = decide(spec);
            body["status"] = new JsonObject { ["allowed"] = allowed, ["reason"] = reason };
            await Write(context.Response, 201, body.ToJsonString());
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
            await Write(context.Response, 201, body.ToJsonString());
        }
    }
}
