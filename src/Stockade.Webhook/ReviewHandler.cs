using System.Buffers;
using System.Text.Json;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Stockade.Profiles;

namespace Stockade.Webhook;

/// <summary>
/// One AdmissionReview over HTTP: checks method, content type and size, reserves the review's
/// memory (429 when the budget is spent), reads the body (Kestrel enforces the size and the
/// minimum data rate), decides, writes the audit line, then answers. Anything wrong with the
/// request is a precise HTTP status, audited and counted like a decision; a failure inside
/// evaluation is answered per the configured failure mode; nothing is answered 500 without a
/// body and an audit line.
/// </summary>
internal sealed class ReviewHandler(ConfigStore config, AdmissionDecider decider, WebhookMetrics metrics, AuditLog? audit, ReviewBudget budget, ILogger logger, WebhookServerOptions options)
{
    public async Task HandleAsync(HttpContext ctx, AdmissionRoute route)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await HandleCoreAsync(ctx, route, started);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ctx.RequestAborted.IsCancellationRequested)
        {
            Record(route.Path, "client_aborted", "client closed the connection before the answer", started);
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            logger.LogError(e, "request to {Route} failed", route.Path);
            await Refuse(ctx, route.Path, 500, "internal", $"stockade: internal error: {e.GetType().Name}: {e.Message}", started);
        }
    }

    private async Task HandleCoreAsync(HttpContext ctx, AdmissionRoute route, long started)
    {
        var label = route.Path;
        if (route.Kind == RouteKind.ValidateProfile && !IsKnownProfile(route.Profile, options.NamespaceLabels != null, out var unknown))
        {
            await Refuse(ctx, "unknown", 404, "unknown_profile", unknown, started);
            return;
        }
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "POST";
            await Refuse(ctx, label, 405, "method_not_allowed", "admission reviews are POSTed", started);
            return;
        }
        if (!MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Refuse(ctx, label, 415, "bad_content_type", $"content type must be application/json, got \"{ctx.Request.ContentType}\"", started);
            return;
        }
        if (ctx.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            await Refuse(ctx, label, 413, "too_large", $"request body of {ctx.Request.ContentLength} bytes exceeds {options.MaxRequestBodyBytes}", started);
            return;
        }
        // A chunked body may be as large as the limit: it reserves that much.
        using var lease = budget.TryReserve(ctx.Request.ContentLength ?? options.MaxRequestBodyBytes);
        if (lease == null)
        {
            await DiscardBodyAsync(ctx.Request, ctx.RequestAborted);
            ctx.Response.Headers.RetryAfter = "1";
            await Refuse(ctx, label, 429, "overloaded",
                $"stockade: {budget.InFlight} reviews in flight hold the memory budget ({budget.Reserved >> 20} of {budget.Capacity >> 20} MiB); retry after 1 s", started);
            return;
        }
        RequestBody body;
        try
        {
            body = await RequestBody.ReadAsync(ctx.Request, ctx.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits: 413 for a chunked body over the size, 408 for a client below the minimum data rate.
            var kind = e.StatusCode switch { 413 => "too_large", 408 => "slow_client", _ => "bad_http" };
            await Refuse(ctx, label, e.StatusCode, kind, e.Message, started);
            return;
        }

        AdmissionRequest request;
        // The tree keeps nothing of the body: its pooled buffer goes back once parsed.
        using (body)
        {
            try
            {
                request = AdmissionRequest.Parse(body.Span);
            }
            catch (BadReviewException e)
            {
                await Refuse(ctx, label, e.Status, e.ErrorKind, e.Message, started);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The reader threw instead of reporting an error: the body is not readable as sent.
                await Refuse(ctx, label, 400, "malformed_json", UnreadableBody.Describe(body.Span, e), started);
                return;
            }
        }

        var current = config.Current;
        AdmissionOutcome outcome;
        if (route.Kind == RouteKind.ValidatePolicies && current.VapPolicies.Policies.Count == 0 && !current.ClusterPolicies)
        {
            await Refuse(ctx, label, 404, "no_policies", "no ValidatingAdmissionPolicy is configured (vapPolicies: or clusterPolicies: true in the configuration)", started);
            return;
        }
        if (route.Kind is RouteKind.ValidatePsp or RouteKind.MutatePsp && current.Policies.Count == 0)
        {
            await Refuse(ctx, label, 404, "no_policies", "no PodSecurityPolicy is configured (serve --policy FILE or policies: in the configuration)", started);
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
        // The decision is on disk (in the OS) before the API server can act on it; without that, the audit failure policy answers.
        var audited = audit == null || audit.TryWrite(new AuditEntry(options.Time.GetUtcNow(), request.Uid, request.UserName, request.Namespace, request.Kind, request.Name,
            request.Operation, label, outcome.Verdict.Name(), outcome.Rules, latency.TotalMilliseconds, request.DryRun, outcome.Message, outcome.AnnotationExemptions));
        if (!audited && options.AuditFailure == AuditFailurePolicy.Deny) outcome = AuditUnwritable(request.Uid, audit!.Error);
        if (outcome.ErrorKind != null) metrics.RecordError(label, outcome.ErrorKind);
        metrics.RecordRequest(label, outcome.Verdict, latency);
        if (outcome.Verdict is AdmissionVerdict.Denied or AdmissionVerdict.Error)
        {
            logger.LogInformation("{Verdict} {Operation} {Kind} {Namespace}/{Name} by {User} on {Route}: {Message}",
                outcome.Verdict.Name(), request.Operation, request.Kind, request.Namespace, request.Name, request.UserName, label, outcome.Message);
        }
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        // Written into this thread's reused buffer (synchronously, so no other request shares it), its
        // length is the Content-Length, and it is copied into the response's pipe before any await.
        var answer = AnswerBuffer();
        using (var w = new Utf8JsonWriter(answer, AdmissionResponse.WriterOptions)) outcome.Response.WriteReview(w);
        ctx.Response.ContentLength = answer.WrittenCount;
        ctx.Response.BodyWriter.Write(answer.WrittenSpan);
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    /// <summary>
    /// Reads a refused body through a small buffer before answering: a connection closed with unread bytes is reset by
    /// TCP, and the reset can reach the client before the 429 does.
    /// </summary>
    private static async Task DiscardBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await request.Body.ReadAsync(scratch, cancellation) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Over the size or too slow: the 429 is still the answer.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_answer;

    /// <summary>This thread's answer buffer, emptied; one grown past 64 KiB (a huge patch) is not kept.</summary>
    private static ArrayBufferWriter<byte> AnswerBuffer()
    {
        var buffer = t_answer;
        if (buffer == null || buffer.Capacity > 64 * 1024) t_answer = buffer = new ArrayBufferWriter<byte>(4096);
        else buffer.ResetWrittenCount();
        return buffer;
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

    private static AdmissionOutcome AuditUnwritable(string uid, string? error)
    {
        var message = $"stockade: the audit log cannot be written ({error}); every review is denied until it can (audit failure policy deny)";
        return new AdmissionOutcome(AdmissionResponse.Deny(uid, 503, "ServiceUnavailable", message), AdmissionVerdict.Error, [], message, "audit_unwritable");
    }

    /// <summary>A refused request (no decision): counted, audited and logged like one, then answered with its status and a one-line reason.</summary>
    private async Task Refuse(HttpContext ctx, string label, int status, string kind, string message, long started)
    {
        Record(label, kind, $"{status}: {message}", started);
        logger.LogWarning("refused request to {Path}: {Status} {Kind}: {Message}", ctx.Request.Path.Value, status, kind, message);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        try
        {
            await ctx.Response.WriteAsync(message + "\n", ctx.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client is gone; the refusal is already counted and audited.
        }
    }

    private void Record(string label, string kind, string message, long started)
    {
        var latency = Stopwatch.GetElapsedTime(started);
        metrics.RecordError(label, kind);
        metrics.RecordRequest(label, AdmissionVerdict.Error, latency);
        audit?.TryWrite(new AuditEntry(options.Time.GetUtcNow(), null, null, null, null, null, null, label, AdmissionVerdict.Error.Name(), [], latency.TotalMilliseconds, false, message));
    }
}
