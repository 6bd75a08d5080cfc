using System.Text.Json;

namespace Stockade.Cluster;

/// <summary>
/// A resource the audit lists, read as the API server's own JSON (every field, including those
/// the client library's models do not know). Items come back from list calls without
/// <c>apiVersion</c> and <c>kind</c>, so they are stamped with them before they are scanned.
/// </summary>
/// <param name="Resource">The plural resource name, as in RBAC and <c>kubectl get</c>.</param>
/// <param name="ApiVersion"><c>v1</c> for the core group, else <c>GROUP/VERSION</c>.</param>
/// <param name="Include">Which items are audited; others are audited through their owner.</param>
internal sealed record AuditedKind(
    string Resource,
    string ApiVersion,
    string Kind,
    bool Namespaced,
    Func<JsonElement, bool>? Include = null)
{
    public bool Includes(JsonElement item) => Include?.Invoke(item) ?? true;

    /// <summary>
    /// Listed because a loaded policy matches it (or reads it as params): an audit that could not
    /// read it to the end — even for want of permission — would pass what the policy denies, so it is an error.
    /// </summary>
    public bool Required { get; init; }

    /// <summary>The list path, relative to the API server's base address: <c>api/v1/…</c> or <c>apis/GROUP/VERSION/…</c>.</summary>
    public string ListPath(string? ns)
    {
        var root = ApiVersion.Contains('/') ? $"apis/{ApiVersion}" : $"api/{ApiVersion}";
        return Namespaced && ns != null ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Resource}" : $"{root}/{Resource}";
    }
}
