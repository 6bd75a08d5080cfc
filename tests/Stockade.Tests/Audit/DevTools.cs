using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockade.Tests.Audit;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (<c>--remote-debugging-port=0</c>, one page
/// target): set the viewport, open a file, evaluate JavaScript in the page, take a screenshot. So
/// a test can ask the browser what it laid out, not only what it parsed.
/// </summary>
internal sealed class DevTools : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private int _id;

    private DevTools(Process process) => _process = process;

    public static DevTools Start(string chromium, string profileDirectory)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0", $"--user-data-dir={profileDirectory}", "about:blank" }) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var tools = new DevTools(process);
        try
        {
            _ = process.StandardOutput.ReadToEndAsync();
            var port = tools.ReadPort();
            _ = process.StandardError.ReadToEndAsync();
            using var http = new HttpClient { Timeout = Limit };
            var targets = JsonNode.Parse(http.GetStringAsync($"http://127.0.0.1:{port}/json/list").Result)!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            tools._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), new CancellationTokenSource(Limit).Token).Wait();
            return tools;
        }
        catch
        {
            tools.Dispose();
            throw;
        }
    }

    private int ReadPort()
    {
        var stderr = _process.StandardError;
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            var line = stderr.ReadLineAsync();
            if (!line.Wait(Limit) || line.Result == null) break;
            const string Prefix = "DevTools listening on ws://127.0.0.1:";
            var at = line.Result.IndexOf(Prefix, StringComparison.Ordinal);
            if (at >= 0) return int.Parse(line.Result[(at + Prefix.Length)..].Split('/')[0]);
        }
        throw new InvalidOperationException("chromium did not say where DevTools listens");
    }

    /// <summary>Sends one command and returns its <c>result</c>, skipping the events in between.</summary>
    public JsonNode Send(string method, object? parameters = null)
    {
        var id = ++_id;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        using var cancel = new CancellationTokenSource(Limit);
        _socket.SendAsync(message, WebSocketMessageType.Text, true, cancel.Token).Wait();
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = _socket.ReceiveAsync(buffer, cancel.Token).Result;
                text.Write(buffer, 0, part.Count);
            }
            while (!part.EndOfMessage);
            var reply = JsonNode.Parse(text.ToArray())!;
            if ((int?)reply["id"] != id) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    public void Viewport(int width, int height, bool mobile) =>
        Send("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile });

    /// <summary>Opens <paramref name="file"/> and waits until the page has loaded and its script ran.</summary>
    public void Open(string file)
    {
        Send("Page.enable");
        Send("Page.navigate", new { url = new Uri(file).AbsoluteUri });
        var deadline = DateTime.UtcNow + Limit;
        while (Evaluate("document.readyState + ' ' + location.protocol").GetValue<string>() != "complete file:")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{file} did not load");
            Thread.Sleep(50);
        }
    }

    /// <summary>The value of a JavaScript expression in the page (returned by value, so objects come back as JSON).</summary>
    public JsonNode Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new { expression, returnByValue = true });
        if (result["exceptionDetails"] is { } e) throw new InvalidOperationException($"{expression}: {e.ToJsonString()}");
        return result["result"]!["value"]!;
    }

    public byte[] Screenshot(bool fullPage = false)
    {
        object parameters = fullPage ? new { format = "png", captureBeyondViewport = true } : new { format = "png" };
        return Convert.FromBase64String((string)Send("Page.captureScreenshot", parameters)["data"]!);
    }

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
