using System.Text.Json;
using Stockade.Psp;
using Stockade.Vap;

namespace Stockade.Cluster;

/// <summary>
/// Asks the API server's authorizer with <c>authorization.k8s.io/v1</c> SubjectAccessReviews: for
/// ValidatingAdmissionPolicies' <c>authorizer</c> checks (<see cref="Check"/>), and whether an
/// identity may <c>use</c> a PodSecurityPolicy, with an
/// <c>authorization.k8s.io/v1</c> SubjectAccessReview carrying the attributes the 1.24 plugin gave
/// its authorizer (buildAttributes): verb <c>use</c>, the API group asked, version <c>*</c>,
/// resource <c>podsecuritypolicies</c>, name the policy's, namespace the pod's. The review is
/// written as the API server's JSON (empty fields left out, as the typed client leaves out nulls)
/// and only the status's <c>allowed</c> and <c>reason</c> are read back.
/// </summary>
internal sealed class SubjectAccessReviewer(ApiClient client) : IDisposable
{
    private const string ReviewsPath = "apis/authorization.k8s.io/v1/subjectaccessreviews";

    /// <exception cref="PspAccessException">No answer within <paramref name="timeout"/>, the API server failed, or it could not be reached.</exception>
    public bool Allowed(PspUser user, string ns, string policyName, string apiGroup, TimeSpan timeout) =>
        Ask(user, new ResourceAttributes("use", apiGroup, "podsecuritypolicies", "", policyName, ns, "", ""), null, timeout,
            $"SubjectAccessReview for {user.Name} (use podsecuritypolicy \"{policyName}\" in namespace \"{ns}\")").Allowed;

    /// <summary>
    /// A ValidatingAdmissionPolicy's <c>authorizer</c> check, with the attributes upstream's authz
    /// library gives its authorizer: a resource check at version <c>*</c> (with its field and label
    /// selectors, as the API server's AuthorizeWithSelectors passes them), or a non-resource path.
    /// </summary>
    /// <exception cref="PspAccessException">No answer within <paramref name="timeout"/>, the API server failed, or it could not be reached.</exception>
    public (bool Allowed, string Reason) Check(VapAccessCheck check, TimeSpan timeout) => check.IsPath
        ? Ask(check.User, null, (check.Path, check.Verb), timeout, $"SubjectAccessReview for {check}")
        : Ask(check.User, new ResourceAttributes(check.Verb, check.Group, check.Resource, check.Subresource, check.Name, check.Namespace, check.FieldSelector, check.LabelSelector),
            null, timeout, $"SubjectAccessReview for {check}");

    /// <summary>A resource check's attributes; empty strings are left out of the review (the API server reads them as unset).</summary>
    private sealed record ResourceAttributes(string Verb, string Group, string Resource, string Subresource, string Name, string Namespace, string FieldSelector, string LabelSelector);

    private (bool Allowed, string Reason) Ask(PspUser user, ResourceAttributes? resource, (string Path, string Verb)? nonResource, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            // Called on the webhook's request threads, as the Namespace lookups are.
            using var response = client.PostJsonAsync(ReviewsPath, Review(user, resource, nonResource), cancel.Token).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode) throw new PspAccessException($"{what} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            using var body = response.Content.ReadAsStream(cancel.Token);
            using var answer = JsonDocument.Parse(body);
            return Status(answer.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            var why = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.###} s" : e.Message;
            throw new PspAccessException($"{what} failed: {why}", e);
        }
    }

    /// <summary>The review's <c>status</c>: no status, or no <c>allowed</c>, is not allowed; a field of the wrong type is a broken answer.</summary>
    private static (bool Allowed, string Reason) Status(JsonElement review)
    {
        if (review.ValueKind != JsonValueKind.Object || !review.TryGetProperty("status", out var status) || status.ValueKind == JsonValueKind.Null) return (false, "");
        if (status.ValueKind != JsonValueKind.Object) throw new JsonException("the SubjectAccessReview's status is not an object");
        var allowed = status.TryGetProperty("allowed", out var a) ? a.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new JsonException("the SubjectAccessReview's status.allowed is not a boolean"),
        } : false;
        var reason = status.TryGetProperty("reason", out var r) ? r.ValueKind switch
        {
            JsonValueKind.String => r.GetString()!,
            JsonValueKind.Null => "",
            _ => throw new JsonException("the SubjectAccessReview's status.reason is not a string"),
        } : "";
        return (allowed, reason);
    }

    private static byte[] Review(PspUser user, ResourceAttributes? resource, (string Path, string Verb)? nonResource)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "authorization.k8s.io/v1");
            w.WriteString("kind", "SubjectAccessReview");
            w.WriteStartObject("spec");
            if (user.Extra != null)
            {
                w.WriteStartObject("extra");
                foreach (var (key, values) in user.Extra) Strings(w, key, values);
                w.WriteEndObject();
            }
            Strings(w, "groups", user.Groups);
            if (nonResource is { } path)
            {
                w.WriteStartObject("nonResourceAttributes");
                w.WriteString("path", path.Path);
                w.WriteString("verb", path.Verb);
                w.WriteEndObject();
            }
            if (resource != null)
            {
                w.WriteStartObject("resourceAttributes");
                Selector(w, "fieldSelector", resource.FieldSelector);
                w.WriteString("group", resource.Group);
                Selector(w, "labelSelector", resource.LabelSelector);
                Optional(w, "name", resource.Name);
                Optional(w, "namespace", resource.Namespace);
                w.WriteString("resource", resource.Resource);
                Optional(w, "subresource", resource.Subresource);
                w.WriteString("verb", resource.Verb);
                w.WriteString("version", "*");
                w.WriteEndObject();
            }
            if (user.Uid != null) w.WriteString("uid", user.Uid);
            w.WriteString("user", user.Name);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0) w.WriteString(name, value);
    }

    private static void Selector(Utf8JsonWriter w, string name, string rawSelector)
    {
        if (rawSelector.Length == 0) return;
        w.WriteStartObject(name);
        w.WriteString("rawSelector", rawSelector);
        w.WriteEndObject();
    }

    public void Dispose() => client.Dispose();
}
