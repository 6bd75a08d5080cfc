using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Stockade.Tests.Hostile;

/// <summary>
/// An API server stand-in on 127.0.0.1 that writes raw HTTP/1.1, so a test can answer in ways a
/// real server would not: a body that never ends, one that trickles, one that is HTML, headers
/// that never come. Each connection serves one request (<c>Connection: close</c>). Given a
/// certificate it serves over TLS (asking for a client certificate, accepting any) and records
/// the name each client asked for and the client certificate it sent.
/// </summary>
public sealed class MisbehavingApiServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, Stream, CancellationToken, Task> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2? _certificate;
    private readonly Task _loop;
    private int _requests;

    /// <param name="answer">Writes the whole response (status line, headers, body) for a path and query.</param>
    /// <param name="certificate">Serve HTTPS with this certificate (and its key) instead of HTTP.</param>
    public MisbehavingApiServer(Func<string, Stream, CancellationToken, Task> answer, X509Certificate2? certificate = null)
    {
        _answer = answer;
        _certificate = certificate;
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string Url => $"{(_certificate == null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Over TLS: the server name of each completed handshake (empty when the client sent none).</summary>
    public List<string> ServerNames { get; } = [];

    /// <summary>Over TLS: the subject of each client certificate received.</summary>
    public List<string> ClientCertificates { get; } = [];

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = _certificate == null ? client.GetStream() : await Handshake(client.GetStream(), _certificate);
                var target = await ReadRequestTarget(stream);
                if (target == null) return;
                Interlocked.Increment(ref _requests);
                await _answer(target, stream, _stop.Token);
                await stream.FlushAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client gave up (as it should, against a hostile answer), or refused the server's certificate.
            }
        }
    }

    private async Task<Stream> Handshake(NetworkStream plain, X509Certificate2 certificate)
    {
        var tls = new SslStream(plain, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = true }, _stop.Token);
        lock (ServerNames) ServerNames.Add(tls.TargetHostName);
        if (tls.RemoteCertificate is { } sent) lock (ClientCertificates) ClientCertificates.Add(sent.Subject);
        return tls;
    }

    private static async Task<string?> ReadRequestTarget(Stream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer) == 0) return null;
            head.Append((char)buffer[0]);
            if (head.Length > 64 * 1024) return null;
        }
        var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
        return requestLine.Length >= 2 ? requestLine[1] : null;
    }

    /// <summary>Writes a complete response with a known length.</summary>
    public static async Task Respond(Stream stream, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await Head(stream, status, contentType, $"Content-Length: {bytes.Length}\r\n");
        await stream.WriteAsync(bytes);
    }

    /// <summary>Writes a response with these body bytes.</summary>
    public static async Task Respond(Stream stream, int status, string contentType, byte[] body)
    {
        await Head(stream, status, contentType, $"Content-Length: {body.Length}\r\n");
        await stream.WriteAsync(body);
    }

    /// <summary>Writes the status line and headers of a chunked response; the caller writes chunks with <see cref="Chunk"/>.</summary>
    public static Task ChunkedHead(Stream stream, string contentType = "application/json") =>
        Head(stream, 200, contentType, "Transfer-Encoding: chunked\r\n");

    public static async Task Chunk(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
        await stream.WriteAsync(bytes);
        await stream.WriteAsync("\r\n"u8.ToArray());
        await stream.FlushAsync();
    }

    private static async Task Head(Stream stream, int status, string contentType, string extra)
    {
        var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: {contentType}\r\nConnection: close\r\n{extra}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
    }

    /// <summary>An empty list of any resource.</summary>
    public const string EmptyList = """{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}""";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
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
