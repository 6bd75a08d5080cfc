using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Stockade.Webhook;

/// <summary>
/// The admission webhook: Kestrel over HTTPS only (TLS 1.2+), the review routes, health,
/// readiness and metrics. Start with <see cref="StartAsync"/>; <see cref="ShutdownAsync"/> is
/// what SIGTERM does: readiness 503 while still accepting for the shutdown delay, then the
/// listener closes and in-flight requests finish; <see cref="StopAsync"/> skips the delay.
/// </summary>
internal sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateStore _certificates;
    private readonly ConfigStore _config;
    private readonly AuditLog? _audit;
    private readonly WebhookServerOptions _options;
    private volatile bool _ready;
    private volatile bool _draining;

    public WebhookMetrics Metrics { get; }
    public ConfigStore Config => _config;
    public CertificateStore Certificates => _certificates;
    public bool IsReady => _ready;
    public ReviewBudget Budget { get; }

    /// <summary>The address actually bound (the port when 0 was asked for).</summary>
    public Uri Address { get; private set; } = null!;

    private WebhookServer(WebApplication app, WebhookServerOptions options, CertificateStore certificates, ConfigStore config, AuditLog? audit, ReviewBudget budget, WebhookMetrics metrics)
    {
        _app = app;
        _options = options;
        Budget = budget;
        _certificates = certificates;
        _config = config;
        _audit = audit;
        Metrics = metrics;
    }

    /// <exception cref="CertificateLoadException">The serving certificate does not load.</exception>
    /// <exception cref="Config.ConfigException">The configuration or a policy file is invalid.</exception>
    public static async Task<WebhookServer> StartAsync(WebhookServerOptions options, CancellationToken cancellation = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (options.ConsoleLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            // Kestrel's per-request lines would double every review; the webhook logs what matters itself.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        // Signals are the caller's (ServeCommand): the console lifetime would close the listener on SIGTERM at once.
        builder.Services.AddSingleton<IHostLifetime, CallerLifetime>();

        var metrics = new WebhookMetrics();
        // Built before the host so a bad certificate or configuration fails the start, not the first request.
        var certificates = new CertificateStore(options.CertFile, options.KeyFile, options.ReloadInterval, metrics, NullLogger.Instance, options.Time);
        var config = new ConfigStore(options.ConfigFile, options.PolicyFiles, options.ReloadInterval, metrics, NullLogger.Instance);
        if (config.Current.ClusterPolicies && options.ClusterPolicies == null)
        {
            throw new Config.ConfigException($"{options.ConfigFile}: clusterPolicies: true needs a cluster to read the policies from (give --kubeconfig, or run serve in a cluster)");
        }
        var clientCa = options.ClientCaFile == null ? null : LoadCa(options.ClientCaFile);
        var audit = options.AuditLogFile == null ? null : new AuditLog(options.AuditLogFile, metrics, NullLogger.Instance, options.Time, options.AuditLogMaxBytes, options.AuditLogKeep);
        var budget = new ReviewBudget(options.MemoryLimitBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, options.MaxRequestBodyBytes);
        metrics.Budget = budget;

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            // What Kestrel buffers per connection ahead of the handler (1 MiB by default): bounded so connections do not escape the budget.
            k.Limits.MaxRequestBufferSize = 64 * 1024;
            k.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(options.MinRequestBodyBytesPerSecond, options.MinRequestBodyGracePeriod);
            k.Listen(options.Listen, listen => listen.UseHttps(https =>
            {
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.ServerCertificateSelector = (_, _) => certificates.Current;
                if (clientCa != null)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (cert, _, _) => IsSignedBy(cert, clientCa);
                }
            }));
        });

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Stockade.Webhook");
        var server = new WebhookServer(app, options, certificates, config, audit, budget, metrics);
        server._logger = logger;
        // The stores were built before logging existed; give them the host's logger from now on.
        certificates.Logger = logger;
        config.Logger = logger;
        if (audit != null)
        {
            audit.Logger = logger;
            if (audit.Error is { } error) logger.LogError("audit log {Path} cannot be written at start: {Error}", audit.Path, error);
        }
        var reviews = options.AccessReview == null ? null : new SubjectAccessReviews(options.AccessReview, options.Time, metrics);
        metrics.AccessReviewer = reviews;
        metrics.NamespaceWatch = options.NamespaceWatch;
        metrics.PolicyAuthorizer = options.PolicyAccessReview != null;
        metrics.ClusterPolicyWatch = options.ClusterPolicyWatch;
        server._accessReviews = reviews;
        var clusterPolicies = options.ClusterPolicies == null ? null : new ClusterPolicySets(options.ClusterPolicies);
        server._clusterPolicies = clusterPolicies;
        metrics.ClusterPoliciesNotApplied = () => clusterPolicies?.NotApplied.Count ?? 0;
        if (reviews == null && config.Current.Policies.Count > 0 && config.Current.PspAuthorization.Mode == PspAuthorizationSource.Auto)
        {
            logger.LogWarning("no API server to ask: every PodSecurityPolicy is usable by every pod on the psp routes (pspAuthorization.mode auto; give --kubeconfig or run in a cluster for SubjectAccessReviews)");
        }
        var handler = new ReviewHandler(config, new AdmissionDecider(options.Time, options.NamespaceLabels, reviews, metrics,
            new PolicyCluster(options.NamespaceObjects, options.PolicyAccessReview, clusterPolicies)), metrics, audit, budget, logger, options);
        server.MapRoutes(handler);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() => logger.LogInformation("listener closed; finishing in-flight requests (up to {Timeout} s)", options.ShutdownTimeout.TotalSeconds));
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "[::1]"));
        server._ready = true;
        logger.LogInformation("listening on {Address}; review memory budget {Budget} MiB", address, budget.Capacity >> 20);
        return server;
    }

    private ILogger _logger = NullLogger.Instance;
    private SubjectAccessReviews? _accessReviews;
    private ClusterPolicySets? _clusterPolicies;

    private void MapRoutes(ReviewHandler handler)
    {
        // While draining, HTTP/1.1 clients are told to leave their keep-alive connection after each answer, so none is
        // idle (and then reset) when the listener closes; HTTP/2 connections get GOAWAY from Kestrel's graceful stop.
        _app.Use((ctx, next) =>
        {
            if (_draining && !HttpProtocol.IsHttp2(ctx.Request.Protocol) && !HttpProtocol.IsHttp3(ctx.Request.Protocol)) ctx.Response.Headers.Connection = "close";
            return next(ctx);
        });
        _app.Map("/validate/psp", ctx => handler.HandleAsync(ctx, new AdmissionRoute(RouteKind.ValidatePsp, "psp")));
        _app.Map("/mutate/psp", ctx => handler.HandleAsync(ctx, new AdmissionRoute(RouteKind.MutatePsp, "psp")));
        _app.Map("/validate/policies", ctx => handler.HandleAsync(ctx, new AdmissionRoute(RouteKind.ValidatePolicies, "policies")));
        _app.Map("/validate/{profile}", ctx => handler.HandleAsync(ctx, new AdmissionRoute(RouteKind.ValidateProfile, (string)ctx.Request.RouteValues["profile"]!)));
        _app.MapGet("/healthz", ctx => Text(ctx, 200, "ok\n"));
        _app.MapGet("/readyz", Readiness);
        _app.MapGet("/metrics", ctx =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return ctx.Response.WriteAsync(Metrics.Render());
        });
    }

    /// <summary>
    /// 503 once shutdown began, and while audit lines cannot be written under the deny policy (every review would be denied:
    /// better that the Service routes to another replica). Each probe retries the audit log, so a replica out of the Service recovers.
    /// Failing SubjectAccessReviews are named in the body but keep the replica ready: the API server is down for every replica
    /// alike, and the other routes still answer; the PSP routes answer by the failure policy meanwhile.
    /// </summary>
    private Task Readiness(HttpContext ctx)
    {
        if (!_ready) return Text(ctx, 503, "shutting down\n");
        var current = _config.Current;
        // Until the cluster's policies are read, /validate/policies answers by the failure policy: the Service should not route here yet.
        if (current.ClusterPolicies && _clusterPolicies?.For(current) == null)
        {
            var why = _options.ClusterPolicyWatch?.Invoke().LastError is { } e ? $" ({e})" : "";
            return Text(ctx, 503, $"the cluster's ValidatingAdmissionPolicies have not been read yet{why}\n");
        }
        var accessProblem = _accessReviews?.LastError is { } sar
            ? $"ok, but SubjectAccessReviews fail ({sar}); the psp routes answer by the failure policy ({_config.Current.FailureMode.ToString().ToLowerInvariant()})\n"
            : null;
        // Like failing SubjectAccessReviews: named, but the replica stays ready (cached labels stay in use, unknown Namespaces are fetched).
        if (accessProblem == null && _options.NamespaceWatch?.Invoke().LastError is { } watch)
        {
            accessProblem = $"ok, but the Namespace watch fails ({watch}); cached labels stay in use and Namespaces not seen are fetched\n";
        }
        if (accessProblem == null && current.ClusterPolicies && _options.ClusterPolicyWatch?.Invoke().LastError is { } policyWatch)
        {
            accessProblem = $"ok, but reading the cluster's ValidatingAdmissionPolicies fails ({policyWatch}); the last read stay in use\n";
        }
        if (accessProblem == null && current.ClusterPolicies && _clusterPolicies?.NotApplied is { Count: > 0 } notApplied)
        {
            accessProblem = $"ok, but {notApplied.Count} of the cluster's policies or bindings cannot be enforced here ({notApplied[0]}); /validate/policies answers by the failure policy\n";
        }
        if (_audit == null || _audit.TryRecover()) return Text(ctx, 200, accessProblem ?? "ok\n");
        var problem = $"audit log {_audit.Path} cannot be written: {_audit.Error}";
        return _options.AuditFailure == AuditFailurePolicy.Deny
            ? Text(ctx, 503, problem + "; denying reviews (audit failure policy deny)\n")
            : Text(ctx, 200, "ok, but " + problem + "; answering without audit lines (audit failure policy continue)\n");
    }

    private static Task Text(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        return ctx.Response.WriteAsync(body);
    }

    private static X509Certificate2Collection LoadCa(string file)
    {
        var ca = new X509Certificate2Collection();
        try
        {
            ca.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new CertificateLoadException($"cannot load client CA {file}: {e.Message}");
        }
        if (ca.Count == 0) throw new CertificateLoadException($"no certificate in client CA file {file}");
        return ca;
    }

    private static bool IsSignedBy(X509Certificate2 cert, X509Certificate2Collection ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }

    /// <summary>
    /// What SIGTERM does: readiness 503 at once, connections still accepted for the shutdown delay (while the
    /// endpoints controller and kube-proxy drop this pod, the API server may still send here), HTTP/1.1 answers
    /// close their connection; then <see cref="StopAsync"/>.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellation = default)
    {
        _ready = false;
        _draining = true;
        _logger.LogInformation("shutting down: readiness false, accepting for {Delay} s while endpoints update", _options.ShutdownDelay.TotalSeconds);
        await Task.Delay(_options.ShutdownDelay, cancellation);
        await StopAsync(cancellation);
    }

    /// <summary>Graceful stop: readiness false, no new connections, in-flight requests finish (up to the shutdown timeout), idle connections closed.</summary>
    public Task StopAsync(CancellationToken cancellation = default)
    {
        _ready = false;
        _draining = true;
        return _app.StopAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificates.Dispose();
        _config.Dispose();
        _audit?.Dispose();
    }
}

/// <summary>A host lifetime that leaves signals to the caller: the webhook's shutdown sequence starts with a delay, not a closed listener.</summary>
internal sealed class CallerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
