using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stockade.Tests.Audit;

/// <summary>A response the replay server sends.</summary>
public sealed record Replay(int Status, string Body);

/// <summary>
/// An API server stand-in on 127.0.0.1: answers each request with recorded JSON chosen by a
/// handler, and keeps the requests so tests can check what the real Kubernetes client asked for.
/// </summary>
public sealed class ReplayServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, Replay> _handler;
    private readonly Task _loop;

    public ReplayServer(Func<HttpListenerRequest, Replay> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every request as path and query, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The Authorization headers received.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

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
            Requests.Enqueue(context.Request.Url!.PathAndQuery);
            Authorizations.Enqueue(context.Request.Headers["Authorization"]);
            Replay reply;
            try
            {
                reply = _handler(context.Request);
            }
            catch (Exception e)
            {
                reply = new Replay(500, $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"replay handler: {e.GetType().Name}\",\"code\":500}}");
            }
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
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

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
