using System.Collections.Concurrent;
using Stockade.Psp;

namespace Stockade.Webhook;

/// <summary>
/// One SubjectAccessReview (<c>authorization.k8s.io/v1</c>) asked of the API server: may
/// <paramref name="user"/> <c>use</c> the <c>podsecuritypolicies</c> named <paramref name="policyName"/>
/// in API group <paramref name="apiGroup"/> and namespace <paramref name="ns"/>.
/// </summary>
/// <exception cref="PspAccessException">No answer within <paramref name="timeout"/>, or the API server failed.</exception>
internal delegate bool SubjectAccessReview(PspUser user, string ns, string policyName, string apiGroup, TimeSpan timeout);

/// <summary>
/// The webhook's answers to "may this identity use this policy", from SubjectAccessReviews through
/// a bounded cache. As the 1.24 plugin, group <c>policy</c> is asked first and <c>extensions</c>
/// (old grants) only when it is denied. Failures are not cached, are counted, and are what
/// <see cref="LastError"/> reports to readiness until a review succeeds again.
/// </summary>
internal sealed class SubjectAccessReviews(SubjectAccessReview review, TimeProvider time, WebhookMetrics metrics)
{
    private readonly ConcurrentDictionary<string, (bool Allowed, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private volatile string? _lastError;

    /// <summary>Why the last review failed; null once one succeeds.</summary>
    public string? LastError => _lastError;

    public int CachedEntries => _cache.Count;

    /// <summary>The access the decider asks, with the configuration in force for this request.</summary>
    public IPspAccess With(PspAuthorizationSettings settings) => new Access(this, settings);

    private sealed class Access(SubjectAccessReviews owner, PspAuthorizationSettings settings) : IPspAccess
    {
        public bool MayUse(PspUser user, string ns, string policyName) => owner.MayUse(user, ns, policyName, settings);
    }

    private bool MayUse(PspUser user, string ns, string policyName, PspAuthorizationSettings settings)
    {
        var key = Key(user, ns, policyName);
        var now = time.GetUtcNow();
        if (settings.CacheSize > 0 && _cache.TryGetValue(key, out var hit) && hit.Expires > now)
        {
            metrics.RecordAccessReview("cache_hit");
            return hit.Allowed;
        }
        bool allowed;
        try
        {
            allowed = review(user, ns, policyName, "policy", settings.Timeout) || review(user, ns, policyName, "extensions", settings.Timeout);
        }
        catch (PspAccessException e)
        {
            _lastError = e.Message;
            metrics.RecordAccessReview("error");
            throw;
        }
        _lastError = null;
        metrics.RecordAccessReview(allowed ? "allowed" : "denied");
        if (settings.CacheSize > 0)
        {
            if (_cache.Count >= settings.CacheSize) Evict(now, settings.CacheSize);
            _cache[key] = (allowed, now + settings.CacheTtl);
        }
        return allowed;
    }

    /// <summary>Drops expired answers, then the oldest quarter if still full: the cache never grows past its size.</summary>
    private void Evict(DateTimeOffset now, int size)
    {
        foreach (var (k, v) in _cache)
        {
            if (v.Expires <= now) _cache.TryRemove(k, out _);
        }
        if (_cache.Count < size) return;
        foreach (var (k, _) in _cache.OrderBy(e => e.Value.Expires).Take(Math.Max(1, _cache.Count - size * 3 / 4)).ToList()) _cache.TryRemove(k, out _);
    }

    /// <summary>
    /// Everything the API server's authorizer sees: a different uid, group or extra value is a different
    /// question. Each part is length-prefixed, so no name, group or extra value (an authenticator may
    /// pass any characters through) can make one identity's key equal another's.
    /// </summary>
    private static string Key(PspUser user, string ns, string policyName)
    {
        var key = new System.Text.StringBuilder();
        void Part(string s) => key.Append(s.Length).Append(':').Append(s);
        Part(user.Name);
        Part(user.Uid ?? "");
        key.Append(user.Groups.Count).Append('g');
        foreach (var g in user.Groups.Order(StringComparer.Ordinal)) Part(g);
        var extra = user.Extra ?? new Dictionary<string, IReadOnlyList<string>>();
        key.Append(extra.Count).Append('e');
        foreach (var (k, values) in extra.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Part(k);
            key.Append(values.Count).Append('v');
            foreach (var v in values) Part(v);
        }
        Part(ns);
        Part(policyName);
        return key.ToString();
    }
}
