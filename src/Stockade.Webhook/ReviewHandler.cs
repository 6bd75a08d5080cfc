using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Stockade.Profiles;

namespace Stockade.Webhook;

/// <summary>
/// One AdmissionReview over HTTP: checks method, content type and size, reads the body (Kestrel
/// enforces the size and the minimum data rate), decides, writes the audit line, then answers.
/// Anything wrong with the request is a precise HTTP status; a failure inside evaluation is
/// answered per the configured failure mode.
/// </summary>
public sealed class ReviewHandler(ConfigStore config, AdmissionDecider decider, WebhookMetrics metrics, AuditLog? audit, ILogger logger, WebhookServerOptions options)
{
    public async Task HandleAsync(HttpContext ctx, AdmissionRoute route)
    {
        var started = Stopwatch.GetTimestamp();
        var label = route.Path;
        if (route.Kind == RouteKind.ValidateProfile && !IsKnownProfile(route.Profile, options.NamespaceLabels != null, out var unknown))
        {
            await Fail(ctx, "unknown", 404, "unknown_profile", unknown, started);
            return;
        }
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "POST";
            await Fail(ctx, label, 405, "method_not_allowed", "admission reviews are POSTed", started);
            return;
        }
        if (!MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Fail(ctx, label, 415, "bad_content_type", $"content type must be application/json, got \"{ctx.Request.ContentType}\"", started);
            return;
        }
        if (ctx.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            await Fail(ctx, label, 413, "too_large", $"request body of {ctx.Request.ContentLength} bytes exceeds {options.MaxRequestBodyBytes}", started);
            return;
        }
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits: 413 for a chunked body over the size, 408 for a client below the minimum data rate.
            var kind = e.StatusCode switch { 413 => "too_large", 408 => "slow_client", _ => "bad_http" };
            metrics.RecordError(label, kind);
            metrics.RecordRequest(label, "error", Stopwatch.GetElapsedTime(started));
            logger.LogWarning("request body refused: {Status} {Reason}", e.StatusCode, e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            metrics.RecordError(label, "client_aborted");
            return;
        }

        AdmissionRequest request;
        try
        {
            request = AdmissionRequest.Parse(body);
        }
        catch (BadReviewException e)
        {
            await Fail(ctx, label, e.Status, e.ErrorKind, e.Message, started);
            return;
        }

        var current = config.Current;
        AdmissionOutcome outcome;
        if (route.Kind != RouteKind.ValidateProfile && current.Policies.Count == 0)
        {
            await Fail(ctx, label, 404, "no_policies", "no PodSecurityPolicy is configured (serve --policy FILE or policies: in the configuration)", started);
            return;
        }
        try
        {
            options.BeforeDecide?.Invoke(request);
            outcome = decider.Decide(route, request, current);
        }
        catch (Exception e)
        {
            logger.LogError(e, "evaluating {Uid} on {Route} failed; answering {Mode}", request.Uid, label, current.FailureMode);
            outcome = InternalError(request.Uid, current.FailureMode, e);
        }

        var latency = Stopwatch.GetElapsedTime(started);
        // The decision is on disk (in the OS) before the API server can act on it.
        audit?.Write(new AuditEntry(DateTimeOffset.UtcNow, request.Uid, request.UserName, request.Namespace, request.Kind, request.Name,
            request.Operation, label, outcome.Verdict, outcome.Rules, latency.TotalMilliseconds, request.DryRun, outcome.Message, outcome.AnnotationExemptions));
        if (outcome.ErrorKind != null) metrics.RecordError(label, outcome.ErrorKind);
        metrics.RecordRequest(label, outcome.Verdict, latency);
        if (outcome.Verdict is "denied" or "error")
        {
            logger.LogInformation("{Verdict} {Operation} {Kind} {Namespace}/{Name} by {User} on {Route}: {Message}",
                outcome.Verdict, request.Operation, request.Kind, request.Namespace, request.Name, request.UserName, label, outcome.Message);
        }
        var json = outcome.Response.ToReviewJson();
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = json.Length;
        await ctx.Response.Body.WriteAsync(json, ctx.RequestAborted);
    }

    // Only known names are remembered: a client cannot grow this with made-up routes.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> KnownProfiles = new(StringComparer.Ordinal);

    private static bool IsKnownProfile(string name, bool readsNamespaces, out string error)
    {
        error = "";
        if (name == PodSecurity.NamespaceProfile.Name)
        {
            if (!readsNamespaces) error = "profile \"namespace\" reads each Namespace's Pod Security labels from the cluster: start serve with --kubeconfig FILE, or in a cluster";
            return readsNamespaces;
        }
        if (name == ProfileRegistry.NoneName)
        {
            error = "profile \"none\" runs no rule; PodSecurityPolicies are served on /validate/psp";
            return false;
        }
        if (KnownProfiles.ContainsKey(name)) return true;
        try
        {
            ProfileRegistry.Resolve(name);
            KnownProfiles[name] = true;
            return true;
        }
        catch (UnknownProfileException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>Closed: deny with 500 so nothing passes unchecked. Open: allow, and say so in a warning and an audit annotation.</summary>
    private static AdmissionOutcome InternalError(string uid, FailureMode mode, Exception e) =>
        AdmissionDecider.Failure(uid, mode, $"stockade: internal error while evaluating the request: {e.GetType().Name}: {e.Message}", "internal");

    private async Task Fail(HttpContext ctx, string label, int status, string kind, string message, long started)
    {
        var latency = Stopwatch.GetElapsedTime(started);
        metrics.RecordError(label, kind);
        metrics.RecordRequest(label, "error", latency);
        audit?.Write(new AuditEntry(DateTimeOffset.UtcNow, null, null, null, null, null, null, label, "error", [], latency.TotalMilliseconds, false, $"{status}: {message}"));
        logger.LogWarning("refused request to {Path}: {Status} {Kind}: {Message}", ctx.Request.Path.Value, status, kind, message);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(message + "\n", ctx.RequestAborted);
    }
}
