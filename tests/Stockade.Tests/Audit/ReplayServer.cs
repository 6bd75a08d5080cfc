using System.Collections.Concurrent;
using System.Net;
using Stockade.Tests.Webhook;

namespace Stockade.Tests.Audit;

/// <summary>A response the replay server sends.</summary>
public sealed record Replay(int Status, string Body);

/// <summary>
/// An API server stand-in on 127.0.0.1: answers each request with recorded JSON chosen by a
/// handler, and keeps the requests (<see cref="LoopbackApi.Requests"/>) and their Authorization
/// headers so tests can check what the real Kubernetes client asked for.
/// </summary>
public sealed class ReplayServer(Func<HttpListenerRequest, Replay> handler) : LoopbackApi
{
    // The handlers (a RecordedCluster) keep state between requests: one answers at a time.
    private readonly Lock _gate = new();

    /// <summary>The Authorization headers received.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    protected override async Task Respond(HttpListenerContext context, CancellationToken stop)
    {
        Authorizations.Enqueue(context.Request.Headers["Authorization"]);
        Replay reply;
        try
        {
            lock (_gate) reply = handler(context.Request);
        }
        catch (Exception e)
        {
            reply = new Replay(500, $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"replay handler: {e.GetType().Name}\",\"code\":500}}");
        }
        await Write(context.Response, reply.Status, reply.Body);
    }

    /// <summary>A kubeconfig with a <c>replay</c> context for <paramref name="server"/>; the current context points elsewhere.</summary>
    public static string Kubeconfig(string server, string token = "replay-token") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: replay
          cluster:
            server: {server}
        - name: elsewhere
          cluster:
            server: http://127.0.0.1:1
        contexts:
        - name: replay
          context:
            cluster: replay
            user: auditor
        - name: elsewhere
          context:
            cluster: elsewhere
            user: auditor
        current-context: elsewhere
        users:
        - name: auditor
          user:
            token: {token}
        """;
}
