using Stockade.Yaml;

namespace Stockade.Webhook;

/// <summary>A request the webhook refuses before evaluating anything, with the HTTP status it gets.</summary>
internal sealed class BadReviewException(int status, string errorKind, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The metric label: malformed_json, wrong_review_type, missing_request…</summary>
    public string ErrorKind { get; } = errorKind;
}

/// <summary>
/// The <c>request</c> of an <c>admission.k8s.io/v1</c> AdmissionReview, read with the project's
/// JSON reader so <see cref="Object"/> is the same tree <c>stockade scan</c> would see.
/// </summary>
internal sealed record AdmissionRequest
{
    public required string Uid { get; init; }
    public string KindGroup { get; init; } = "";
    public string KindVersion { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Resource { get; init; } = "";
    public string ResourceGroup { get; init; } = "";
    public string ResourceVersion { get; init; } = "";
    public string SubResource { get; init; } = "";
    public string Name { get; init; } = "";
    public string Namespace { get; init; } = "";
    public string Operation { get; init; } = "";
    public string UserName { get; init; } = "";

    /// <summary>The requester's groups, uid and extra as the API server authenticated them (<c>userInfo</c>), for SubjectAccessReviews.</summary>
    public IReadOnlyList<string> UserGroups { get; init; } = [];
    public string? UserUid { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UserExtra { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public bool DryRun { get; init; }
    public YNode? Object { get; init; }
    public YNode? OldObject { get; init; }

    /// <summary>The JSON of the whole review, for building the object's document.</summary>
    public required ParsedDocument Review { get; init; }

    public const string ReviewApiVersion = "admission.k8s.io/v1";

    /// <exception cref="BadReviewException">Not a v1 AdmissionReview with a request and uid.</exception>
    public static AdmissionRequest Parse(ReadOnlySpan<byte> body)
    {
        var docs = JsonTreeBuilder.Parse(body, "AdmissionReview", ParseLimits.Default);
        if (docs.Count == 0) throw new BadReviewException(400, "malformed_json", "empty body: expected an AdmissionReview");
        if (docs.Count > 1 && docs[1].Error is { } trailing) throw new BadReviewException(400, "malformed_json", $"malformed JSON at {trailing.Position}: {trailing.Message}");
        if (docs.Count > 1) throw new BadReviewException(400, "malformed_json", "malformed JSON: more than one value in the body");
        var doc = docs[0];
        if (doc.Error is { } e) throw new BadReviewException(400, "malformed_json", $"malformed JSON at {e.Position}: {e.Message}");
        if (doc.Root is not YMapping root) throw new BadReviewException(400, "wrong_review_type", "expected an AdmissionReview object");
        var apiVersion = Str(root, "apiVersion");
        var kind = Str(root, "kind");
        if (apiVersion != ReviewApiVersion || kind != "AdmissionReview")
        {
            throw new BadReviewException(400, "wrong_review_type",
                $"expected apiVersion {ReviewApiVersion}, kind AdmissionReview; got apiVersion \"{apiVersion}\", kind \"{kind}\"");
        }
        if (root["request"] is not YMapping request) throw new BadReviewException(400, "missing_request", "AdmissionReview has no request");
        var uid = Str(request, "uid");
        if (string.IsNullOrEmpty(uid)) throw new BadReviewException(400, "missing_request", "AdmissionReview request has no uid");
        var kindMap = request["kind"] as YMapping;
        var userInfo = request["userInfo"] as YMapping;
        return new AdmissionRequest
        {
            Uid = uid,
            KindGroup = Str(kindMap, "group") ?? "",
            KindVersion = Str(kindMap, "version") ?? "",
            Kind = Str(kindMap, "kind") ?? "",
            Resource = Str(request["resource"] as YMapping, "resource") ?? "",
            ResourceGroup = Str(request["resource"] as YMapping, "group") ?? "",
            ResourceVersion = Str(request["resource"] as YMapping, "version") ?? "",
            SubResource = Str(request, "subResource") ?? "",
            Name = Str(request, "name") ?? "",
            Namespace = Str(request, "namespace") ?? "",
            Operation = Str(request, "operation") ?? "",
            UserName = Str(userInfo, "username") ?? "",
            UserGroups = StrList(userInfo?["groups"]),
            UserUid = Str(userInfo, "uid"),
            UserExtra = userInfo?["extra"] is YMapping extra
                ? extra.Entries.ToDictionary(e => e.Key, e => StrList(e.Value), StringComparer.Ordinal)
                : new Dictionary<string, IReadOnlyList<string>>(),
            DryRun = request["dryRun"] is YScalar { Kind: ScalarKind.Bool, BoolValue: true },
            Object = NonNull(request["object"]),
            OldObject = NonNull(request["oldObject"]),
            Review = doc,
        };
    }

    private static IReadOnlyList<string> StrList(YNode? node) =>
        node is YSequence seq ? seq.Items.OfType<YScalar>().Where(i => i.Kind == ScalarKind.String).Select(i => i.Text).ToList() : [];

    private static YNode? NonNull(YNode? n) => n is YScalar { Kind: ScalarKind.Null } ? null : n;

    private static string? Str(YMapping? map, string key) => map?[key] is YScalar { Kind: ScalarKind.String } s ? s.Text : null;

    /// <summary>A document holding one object of the review, for <c>ObjectReader</c> and the scanner.</summary>
    public ParsedDocument DocumentOf(YNode node) => new()
    {
        File = "AdmissionReview",
        Index = 0,
        StartLine = node.Position.Line,
        Root = node,
        // The API server serialises the object it decoded, so it carries no duplicate keys to diagnose.
        IsJson = true,
    };
}
