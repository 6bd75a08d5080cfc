using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockade.Webhook;

/// <summary>The <c>response</c> of an AdmissionReview, as the API server reads it.</summary>
internal sealed record AdmissionResponse
{
    public required string Uid { get; init; }
    public required bool Allowed { get; init; }

    /// <summary>HTTP-style code of a denial or error (403 forbidden, 400 bad request, 500 internal).</summary>
    public int? StatusCode { get; init; }
    public string? StatusReason { get; init; }
    public string? StatusMessage { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyDictionary<string, string> AuditAnnotations { get; init; } = new Dictionary<string, string>();

    /// <summary>An RFC 6902 JSON Patch; sent base64-encoded with patchType JSONPatch.</summary>
    public JsonArray? Patch { get; init; }

    public static AdmissionResponse Allow(string uid) => new() { Uid = uid, Allowed = true };

    public static AdmissionResponse Deny(string uid, int code, string reason, string message) =>
        new() { Uid = uid, Allowed = false, StatusCode = code, StatusReason = reason, StatusMessage = message };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the whole AdmissionReview answering a request to <paramref name="w"/> (the webhook's
    /// reused buffer, so no copy is made per request).
    /// </summary>
    public void WriteReview(Utf8JsonWriter w)
    {
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", AdmissionRequest.ReviewApiVersion);
            w.WriteString("kind", "AdmissionReview");
            w.WriteStartObject("response");
            w.WriteString("uid", Uid);
            w.WriteBoolean("allowed", Allowed);
            if (StatusCode is { } code)
            {
                w.WriteStartObject("status");
                w.WriteStartObject("metadata");
                w.WriteEndObject();
                w.WriteString("status", Allowed ? "Success" : "Failure");
                if (StatusMessage != null) w.WriteString("message", StatusMessage);
                if (StatusReason != null) w.WriteString("reason", StatusReason);
                w.WriteNumber("code", code);
                w.WriteEndObject();
            }
            if (Warnings.Count > 0)
            {
                w.WriteStartArray("warnings");
                foreach (var warning in Warnings) w.WriteStringValue(warning);
                w.WriteEndArray();
            }
            if (AuditAnnotations.Count > 0)
            {
                w.WriteStartObject("auditAnnotations");
                foreach (var (k, v) in AuditAnnotations.OrderBy(a => a.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            if (Patch is { Count: > 0 } patch)
            {
                w.WriteString("patchType", "JSONPatch");
                w.WriteBase64String("patch", System.Text.Encoding.UTF8.GetBytes(patch.ToJsonString()));
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
