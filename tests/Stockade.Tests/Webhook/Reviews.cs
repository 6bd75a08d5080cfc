using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockade.Tests.Webhook;

/// <summary>AdmissionReviews shaped as the API server sends them (admission.k8s.io/v1).</summary>
public static class Reviews
{
    public const string CompliantContainer = """
        {"name": "app", "image": "registry.example.com/app:1.0",
         "securityContext": {"allowPrivilegeEscalation": false, "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}}
        """;

    public const string PrivilegedContainer = """{"name": "app", "image": "registry.example.com/app:1.0", "securityContext": {"privileged": true}}""";

    public static string PodJson(string containers, string name = "web", string extraSpec = "", string annotations = "{}", string labels = "{}", string ns = "team-a") =>
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"" + ns + "\", \"labels\": " + labels
        + ", \"annotations\": " + annotations + "}, \"spec\": {" + extraSpec + "\"containers\": [" + containers + "]}}";

    public static string DeploymentJson(string containers) =>
        "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"metadata\": {\"name\": \"web\", \"namespace\": \"team-a\"}, "
        + "\"spec\": {\"replicas\": 2, \"selector\": {\"matchLabels\": {\"app\": \"web\"}}, "
        + "\"template\": {\"metadata\": {\"labels\": {\"app\": \"web\"}}, \"spec\": {\"containers\": [" + containers + "]}}}}";

    public static string Review(string obj, string operation = "CREATE", string? oldObj = null, string kind = "Pod", string group = "", string version = "v1",
        string resource = "pods", string subResource = "", string user = "alice", string ns = "team-a", bool dryRun = false, string uid = "705ab4f5-6393-11e8-b7cc-42010a800002")
    {
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
            ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["name"] = "web",
            ["namespace"] = ns,
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = user, ["groups"] = new JsonArray("system:authenticated") },
            ["object"] = JsonNode.Parse(obj),
            ["oldObject"] = oldObj == null ? null : JsonNode.Parse(oldObj),
            ["dryRun"] = dryRun,
            ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = operation == "CREATE" ? "CreateOptions" : "UpdateOptions" },
        };
        if (subResource.Length > 0) request["subResource"] = subResource;
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request }.ToJsonString();
    }

    public static string[] Warnings(JsonElement response) =>
        response.TryGetProperty("warnings", out var w) ? w.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];

    public static string? Annotation(JsonElement response, string key) =>
        response.TryGetProperty("auditAnnotations", out var a) && a.TryGetProperty(key, out var v) ? v.GetString() : null;
}
