using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Stockade.Webhook;

/// <summary>
/// The serving certificate, read from PEM files and re-read when they change, so a renewed
/// certificate (cert-manager, a rotated Secret) is served to new connections without a restart.
/// A pair that does not load (half-written, key not matching) keeps the previous certificate.
/// </summary>
internal sealed class CertificateStore : IDisposable
{
    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly WebhookMetrics _metrics;
    /// <summary>Replaced by the host's logger once the host is built.</summary>
    public ILogger Logger { get; set; }

    private readonly ITimer _timer;
    private readonly object _gate = new();
    private string _fingerprint;
    private X509Certificate2 _current;

    /// <exception cref="CertificateLoadException">The files cannot be read as a certificate and its key at start.</exception>
    /// <param name="certFile">The PEM certificate (chain).</param>
    /// <param name="keyFile">Its PEM private key.</param>
    /// <param name="pollInterval">How often the files are checked for a change.</param>
    /// <param name="metrics">Counts reloads and failed reloads.</param>
    /// <param name="logger">Until the host's logger replaces it.</param>
    /// <param name="time">The clock whose timer runs the checks (a fake one in tests, advanced by hand).</param>
    public CertificateStore(string certFile, string keyFile, TimeSpan pollInterval, WebhookMetrics metrics, ILogger logger, TimeProvider time)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _metrics = metrics;
        Logger = logger;
        _fingerprint = FileFingerprint.Of([certFile, keyFile]);
        _current = Load(certFile, keyFile);
        _timer = time.CreateTimer(_ => Poll(), null, pollInterval, pollInterval);
    }

    public X509Certificate2 Current => Volatile.Read(ref _current);

    /// <summary>Checks the files now; the timer does this every poll interval.</summary>
    public void Poll()
    {
        string fingerprint;
        lock (_gate)
        {
            fingerprint = FileFingerprint.Of([_certFile, _keyFile]);
            if (fingerprint == _fingerprint) return;
            try
            {
                var loaded = Load(_certFile, _keyFile);
                Volatile.Write(ref _current, loaded);
                _fingerprint = fingerprint;
                _metrics.RecordCertificateReload("success");
                Logger.LogInformation("serving certificate reloaded: subject {Subject}, expires {NotAfter:o}", loaded.Subject, loaded.NotAfter.ToUniversalTime());
            }
            catch (CertificateLoadException e)
            {
                // Not recorded as seen: a half-written pair is retried on the next poll.
                _metrics.RecordCertificateReload("failure");
                Logger.LogWarning("serving certificate not reloaded, keeping the previous one: {Reason}", e.Message);
            }
        }
    }

    public static X509Certificate2 Load(string certFile, string keyFile)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // A PEM key is ephemeral; SslStream on some platforms needs it in a key store, so round-trip through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new CertificateLoadException($"cannot load certificate {certFile} with key {keyFile}: {e.Message}");
        }
    }

    public void Dispose() => _timer.Dispose();
}

internal sealed class CertificateLoadException(string message) : Exception(message);
