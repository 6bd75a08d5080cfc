using Microsoft.Extensions.Logging;
using Stockade.Config;

namespace Stockade.Webhook;

/// <summary>
/// The current configuration, re-read when any of its files changes. A new file that does not
/// load is logged and counted, and the last good configuration stays in force; readiness is not affected.
/// </summary>
internal sealed class ConfigStore : IDisposable
{
    private readonly string? _path;
    private readonly IReadOnlyList<string> _policyFiles;
    private readonly WebhookMetrics _metrics;
    /// <summary>Replaced by the host's logger once the host is built.</summary>
    public ILogger Logger { get; set; }

    private readonly Timer? _timer;
    private readonly object _gate = new();
    private string _fingerprint;
    private WebhookConfig _current;

    /// <exception cref="ConfigException">The configuration is invalid at start.</exception>
    public ConfigStore(string? path, IReadOnlyList<string> policyFiles, TimeSpan pollInterval, WebhookMetrics metrics, ILogger logger)
    {
        _path = path;
        _policyFiles = policyFiles;
        _metrics = metrics;
        Logger = logger;
        _current = WebhookConfigReader.Load(path, policyFiles);
        _fingerprint = FileFingerprint.Of(Watched(_current));
        if (path != null || policyFiles.Count > 0) _timer = new Timer(_ => Poll(), null, pollInterval, pollInterval);
    }

    public WebhookConfig Current => Volatile.Read(ref _current);

    /// <summary>The reason the last reload failed, or null when the current files are in force.</summary>
    public string? LastError { get; private set; }

    private IEnumerable<string> Watched(WebhookConfig config) =>
        (_path == null ? [] : new[] { _path }).Concat(_policyFiles).Concat(config.SourceFiles).Distinct(StringComparer.Ordinal);

    public void Poll()
    {
        lock (_gate)
        {
            var fingerprint = FileFingerprint.Of(Watched(_current));
            if (fingerprint == _fingerprint) return;
            _fingerprint = fingerprint;
            try
            {
                var loaded = WebhookConfigReader.Load(_path, _policyFiles);
                Volatile.Write(ref _current, loaded);
                _fingerprint = FileFingerprint.Of(Watched(loaded));
                LastError = null;
                _metrics.RecordConfigReload("success");
                Logger.LogInformation("configuration reloaded from {File}", _path);
            }
            catch (ConfigException e)
            {
                LastError = e.Message;
                _metrics.RecordConfigReload("failure");
                Logger.LogError("configuration not reloaded, keeping the last good one: {Reason}", e.Message);
            }
        }
    }

    public void Dispose() => _timer?.Dispose();
}
