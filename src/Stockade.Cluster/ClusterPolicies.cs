using System.Text.Json;
using Stockade.Vap;

namespace Stockade.Cluster;

/// <summary>
/// The cluster's own ValidatingAdmissionPolicies and bindings for <c>serve</c>, as the API server's
/// policy plugin keeps them: each resource listed and watched (<see cref="ResourceWatch{T}"/>), in
/// <c>admissionregistration.k8s.io/v1</c>, or <c>v1beta1</c> / <c>v1alpha1</c> on a cluster that
/// serves only those (1.26–1.29); and the params their <c>paramKind</c>s name, listed again after
/// every change of the policies and every <see cref="ParamsInterval"/>. Started on first use.
/// </summary>
internal sealed class ClusterPolicies : IDisposable
{
    /// <summary>How often params are listed again when the policies do not change.</summary>
    public static readonly TimeSpan ParamsInterval = TimeSpan.FromSeconds(10);

    private readonly ApiClient _client;
    private readonly Action<Exception>? _onError;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private volatile ResourceWatch<string>? _policies;
    private volatile ResourceWatch<string>? _bindings;
    private volatile IReadOnlyList<string>? _params;
    private long _paramsVersion;
    private long _failures;
    private volatile string? _lastError;
    private VapClusterObjects? _current;
    private (long Policies, long Bindings, long Params) _currentSeen;

    /// <param name="client">The client; disposed with this.</param>
    /// <param name="onError">Told of each failed discovery, list or watch (what was read stays in use).</param>
    public ClusterPolicies(ApiClient client, Action<Exception>? onError = null)
    {
        _client = client;
        _onError = onError;
    }

    /// <summary>
    /// The policies, bindings and params as last read; null until the policies and bindings are
    /// listed and the params read once (started by the first call).
    /// </summary>
    public VapClusterObjects? Current()
    {
        lock (_gate) _loop ??= Task.Run(KeepParamsCurrent);
        if (_policies is not { Synced: true } p || _bindings is not { Synced: true } b || _params is not { } ps) return null;
        var seen = (p.Changes, b.Changes, Interlocked.Read(ref _paramsVersion));
        lock (_gate)
        {
            if (_current != null && _currentSeen == seen) return _current;
            // A new version number for each new read, so readers compile each once.
            _currentSeen = seen;
            return _current = new VapClusterObjects((_current?.Version ?? 0) + 1, [.. p.Objects.Values, .. b.Objects.Values, .. ps]);
        }
    }

    /// <summary>Failed discoveries, lists and watches so far, and the last failure while failing.</summary>
    public (long Failures, string? LastError) State
    {
        get
        {
            var (pf, pe) = _policies?.State ?? (0, null);
            var (bf, be) = _bindings?.State ?? (0, null);
            return (Interlocked.Read(ref _failures) + pf + bf, pe ?? be ?? _lastError);
        }
    }

    private async Task KeepParamsCurrent()
    {
        var ct = _stop.Token;
        var backoff = new RetryBackoff();
        long seen = -1;
        var listedAt = DateTime.MinValue;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_policies == null)
                {
                    var apiVersion = PolicyResources.PolicyApiVersion(new ApiDiscovery(_client.GetAsync));
                    _policies = new ResourceWatch<string>(_client, $"apis/{apiVersion}/validatingadmissionpolicies", "ValidatingAdmissionPolicies",
                        e => WithKind(e, apiVersion, VapReader.PolicyKind), _onError);
                    _bindings = new ResourceWatch<string>(_client, $"apis/{apiVersion}/validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBindings",
                        e => WithKind(e, apiVersion, VapReader.BindingKind), _onError);
                }
                if (_policies.Synced && (_policies.Changes != seen || DateTime.UtcNow - listedAt >= ParamsInterval))
                {
                    seen = _policies.Changes;
                    _params = await Params(_policies.Objects.Values.ToList(), ct);
                    Interlocked.Increment(ref _paramsVersion);
                    listedAt = DateTime.UtcNow;
                    _lastError = null;
                    backoff.Reset();
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or DiscoveryException or IOException or JsonException or OperationCanceledException)
            {
                Interlocked.Increment(ref _failures);
                _lastError = e.Message;
                _onError?.Invoke(e);
                if (!await backoff.Wait(ct)) return;
            }
        }
    }

    /// <summary>Every object of every kind the policies' <c>spec.paramKind</c> names, in every namespace.</summary>
    private async Task<IReadOnlyList<string>> Params(IReadOnlyList<string> policies, CancellationToken ct)
    {
        var kinds = new HashSet<(string ApiVersion, string Kind)>();
        foreach (var text in policies)
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("paramKind", out var pk)
                && ResourceWatch<string>.Str(pk, "apiVersion") is { } apiVersion && ResourceWatch<string>.Str(pk, "kind") is { } kind)
            {
                kinds.Add((apiVersion, kind));
            }
        }
        var result = new List<string>();
        if (kinds.Count == 0) return result;
        var discovery = new ApiDiscovery(_client.GetAsync);
        foreach (var (apiVersion, kind) in kinds)
        {
            var (group, version) = VapResources.Split(apiVersion);
            var r = discovery.Resources(group, version).FirstOrDefault(x => x.Kind == kind);
            // Upstream answers a paramKind it cannot resolve with a configuration error (failure
            // policy), not "no params" (which parameterNotFoundAction: Allow would pass): a failing read.
            if (r == null) throw new DiscoveryException($"paramKind {apiVersion} {kind}: not served by this cluster");
            var path = group.Length == 0 ? $"api/{version}/{r.Resource}" : $"apis/{group}/{version}/{r.Resource}";
            await ResourceWatch<string>.ListItems(_client, path, r.Resource, item => result.Add(WithKind(item, apiVersion, kind)), ct);
        }
        return result;
    }

    // The items of a list the API server sends carry no apiVersion and kind; an object is known by them.
    private static string WithKind(JsonElement item, string apiVersion, string kind)
    {
        if (item.TryGetProperty("kind", out _) && item.TryGetProperty("apiVersion", out _)) return item.GetRawText();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", apiVersion);
            w.WriteString("kind", kind);
            foreach (var p in item.EnumerateObject())
            {
                if (p.Name is "apiVersion" or "kind") continue;
                p.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _policies?.Dispose();
        _bindings?.Dispose();
        _stop.Dispose();
        _client.Dispose();
    }
}
