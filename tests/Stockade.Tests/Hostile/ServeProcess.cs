using System.Diagnostics;
using System.Net.Security;
using System.Text.RegularExpressions;
using Stockade.Tests.Webhook;

namespace Stockade.Tests.Hostile;

/// <summary>
/// <c>stockade serve</c> run as a user runs it: its own process (the built <c>stockade.dll</c>), a
/// port it chose on 127.0.0.1, signals from outside, and the kernel's figures for its memory.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private Process _process = null!;
    private readonly List<string> _log = [];
    public TestPki Pki { get; } = new();
    public string Dir { get; } = Directory.CreateTempSubdirectory("stockade-serve-").FullName;
    public string AuditFile => Path.Combine(Dir, "audit.jsonl");
    public Uri Address { get; private set; } = null!;

    /// <param name="environment">Extra variables, e.g. <c>DOTNET_GCHeapHardLimit</c> as a container limit sets it.</param>
    public static async Task<ServeProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var serve = new ServeProcess();
        var (_, certPem, keyPem) = serve.Pki.Issue("stockade-test-server");
        File.WriteAllText(Path.Combine(serve.Dir, "tls.crt"), certPem);
        File.WriteAllText(Path.Combine(serve.Dir, "tls.key"), keyPem);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stockade.dll"));
        foreach (var a in (string[])["serve", "--cert", Path.Combine(serve.Dir, "tls.crt"), "--key", Path.Combine(serve.Dir, "tls.key"),
                     "--listen", "127.0.0.1:0", "--audit-log", serve.AuditFile, .. args]) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        serve._process = new Process { StartInfo = info };
        serve._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (serve._log) serve._log.Add(e.Data);
            if (ListeningOn().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        serve._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null) lock (serve._log) serve._log.Add(e.Data);
        };
        serve._process.Start();
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var started = await Task.WhenAny(listening.Task, serve._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != listening.Task) throw new InvalidOperationException("serve did not start:\n" + serve.Log);
        serve.Address = listening.Task.Result;
        return serve;
    }

    [GeneratedRegex("listening on (https://127\\.0\\.0\\.1:[0-9]+)")]
    private static partial Regex ListeningOn();

    public string Log
    {
        get
        {
            lock (_log) return string.Join("\n", _log);
        }
    }

    /// <summary>A client that trusts any certificate (the test is about the server's behaviour, not TLS), on keep-alive connections.</summary>
    public HttpClient Client(int connections = 16) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>What `kubectl delete pod` makes the kubelet send.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The peak resident set (VmHWM) the kernel recorded for the process.</summary>
    public long PeakWorkingSetBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <returns>The exit code, or null when it did not exit within the timeout.</returns>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Pki.Dispose();
        try
        {
            Directory.Delete(Dir, true);
        }
        catch (IOException)
        {
        }
    }
}
