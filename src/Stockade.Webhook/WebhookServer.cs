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
/// readiness and metrics. Start with <see cref="StartAsync"/>; stop with <see cref="StopAsync"/>
/// (what SIGTERM does): readiness turns false and in-flight requests finish.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateStore _certificates;
    private readonly ConfigStore _config;
    private readonly AuditLog? _audit;
    private volatile bool _ready;

    public WebhookMetrics Metrics { get; }
    public ConfigStore Config => _config;
    public CertificateStore Certificates => _certificates;
    public bool IsReady => _ready;

    /// <summary>The address actually bound (the port when 0 was asked for).</summary>
    public Uri Address { get; private set; } = null!;

    private WebhookServer(WebApplication app, CertificateStore certificates, ConfigStore config, AuditLog? audit, WebhookMetrics metrics)
    {
        _app = app;
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

        var metrics = new WebhookMetrics();
        // Built before the host so a bad certificate or configuration fails the start, not the first request.
        var certificates = new CertificateStore(options.CertFile, options.KeyFile, options.ReloadInterval, metrics, NullLogger.Instance);
        var config = new ConfigStore(options.ConfigFile, options.PolicyFiles, options.ReloadInterval, metrics, NullLogger.Instance);
        var clientCa = options.ClientCaFile == null ? null : LoadCa(options.ClientCaFile);
        var audit = options.AuditLogFile == null ? null : new AuditLog(options.AuditLogFile, options.AuditLogMaxBytes, options.AuditLogKeep);

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
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
        var server = new WebhookServer(app, certificates, config, audit, metrics);
        // The stores were built before logging existed; give them the host's logger from now on.
        certificates.Logger = logger;
        config.Logger = logger;
        var handler = new ReviewHandler(config, new AdmissionDecider(options.NamespaceLabels), metrics, audit, logger, options);
        server.MapRoutes(handler);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() =>
        {
            server._ready = false;
            logger.LogInformation("shutting down: readiness false, finishing in-flight requests");
        });
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "[::1]"));
        server._ready = true;
        logger.LogInformation("listening on {Address}", address);
        return server;
    }

    private void MapRoutes(ReviewHandler handler)
    {
        _app.Map("/validate/psp", ctx => handler.HandleAsync(ctx, new AdmissionRoute(RouteKind.ValidatePsp, "psp")));
        _app.Map("/mutate/psp", ctx => handler.HandleAsync(ctx, new AdmissionRoute(RouteKind.MutatePsp, "psp")));
        _app.Map("/validate/{profile}", ctx => handler.HandleAsync(ctx, new AdmissionRoute(RouteKind.ValidateProfile, (string)ctx.Request.RouteValues["profile"]!)));
        _app.MapGet("/healthz", ctx => Text(ctx, 200, "ok\n"));
        _app.MapGet("/readyz", ctx => _ready ? Text(ctx, 200, "ok\n") : Text(ctx, 503, "shutting down\n"));
        _app.MapGet("/metrics", ctx =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return ctx.Response.WriteAsync(Metrics.Render());
        });
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

    /// <summary>Graceful stop: readiness false, no new connections, in-flight requests finish (up to the shutdown timeout).</summary>
    public Task StopAsync(CancellationToken cancellation = default) => _app.StopAsync(cancellation);

    /// <summary>Runs until SIGTERM/SIGINT (the host's console lifetime) and then stops gracefully.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) => _app.WaitForShutdownAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificates.Dispose();
        _config.Dispose();
        _audit?.Dispose();
    }
}
