using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stockade.Tests.Webhook;

/// <summary>
/// A fake API server on 127.0.0.1: accepts requests until disposed and hands each to
/// <see cref="Respond"/> on its own task, with JSON as the content type, and keeps each request's
/// path and query; a client that went away or a shutdown mid-answer is not a test failure.
/// </summary>
public abstract class LoopbackApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    protected LoopbackApi()
    {
        Port = StartOnAFreePort(_listener);
        _loop = Task.Run(Serve);
    }

    /// <summary>
    /// Starts the listener on a port nothing listened on a moment ago; another test may take that
    /// port between the probe and the start, so a taken port is retried with a new one.
    /// </summary>
    private static int StartOnAFreePort(HttpListener listener)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return port;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Prefixes.Clear();
            }
        }
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every request as path and query, in arrival order (recorded before it is answered).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>
    /// A loopback URL that refuses every connection for the whole test run: its port is bound by a
    /// socket that never listens, so no other test can start listening there (a port that is merely
    /// free now could be taken by a parallel test and answer).
    /// </summary>
    public static string RefusedUrl => $"http://127.0.0.1:{((IPEndPoint)RefusingSocket.LocalEndPoint!).Port}";

    private static readonly Socket RefusingSocket = BoundNeverListening();

    private static Socket BoundNeverListening()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>A port nothing listens on right now.</summary>
    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Answers one request; <paramref name="stop"/> is cancelled when the fake is disposed.</summary>
    protected abstract Task Respond(HttpListenerContext context, CancellationToken stop);

    /// <summary>Answers a request another fake received, so that one API server can be several fakes (<see cref="FakeClusterApi"/>).</summary>
    public Task Answer(HttpListenerContext context, CancellationToken stop) => Respond(context, stop);

    /// <summary>Writes a whole (non-streamed) body with its status code.</summary>
    protected static async Task Write(HttpListenerResponse response, int status, string body)
    {
        response.StatusCode = status;
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }

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
            _ = Task.Run(() => AnswerOne(context));
        }
    }

    private async Task AnswerOne(HttpListenerContext context)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        try
        {
            await Respond(context, _stop.Token);
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
        // Close alone, not Stop then Close: on Linux the managed HttpListener removes its prefixes
        // on each call, and the second removal re-binds the port it just released to look up its
        // endpoint, which fails with "Address already in use" once a parallel test has taken it.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
