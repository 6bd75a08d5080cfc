using System.Net;
using System.Text.RegularExpressions;
using Stockade.Tests.Reporting;

namespace Stockade.Tests.Audit;

/// <summary>
/// Answers list requests the way an API server with the recordings in <c>Audit/Replay</c> would:
/// deployments in two pages, pods in two pages whose continue token expires once (410, then the
/// client must restart the list), ClusterRoles forbidden (403), every other list empty.
/// </summary>
public sealed partial class RecordedCluster
{
    public const string DeploymentsContinue = "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDgyMTMsInN0YXJ0Ijoic2hvcC9hcGlcdTAwMDAifQ";
    private const string ExpiringPodsToken = "pods-c1";
    private const string FreshPodsToken = "pods-c2";

    private bool _podsTokenExpired;

    /// <summary>Resources to answer with 403, in addition to ClusterRoles.</summary>
    public HashSet<string> Forbidden { get; } = ["clusterroles"];

    /// <summary>List answers by resource, in place of the empty list (what a test's policies match: Ingresses, ConfigMaps…).</summary>
    public Dictionary<string, Replay> Lists { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers by exact path, before anything else (a broken discovery document).</summary>
    public Dictionary<string, Replay> Paths { get; } = new(StringComparer.Ordinal);

    /// <summary>When false, the pods token never expires.</summary>
    public bool ExpirePodsTokenOnce { get; init; } = true;

    public static string Recording(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Stockade.Tests", "Audit", "Replay", name));

    [GeneratedRegex(@"^/(?:api/v1|apis/[^/]+/v1)(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[a-z]+)$")]
    private static partial Regex ListPath();

    public Replay Handle(HttpListenerRequest request)
    {
        if (Paths.TryGetValue(request.Url!.AbsolutePath, out var fixedReply)) return fixedReply;
        if (Discovery(request.Url!.AbsolutePath) is { } discovery) return new Replay(200, discovery);
        var match = ListPath().Match(request.Url!.AbsolutePath);
        if (!match.Success || request.HttpMethod != "GET") return new Replay(404, Status(404, "NotFound", "the server could not find the requested resource"));
        var resource = match.Groups["resource"].Value;
        var cont = request.QueryString["continue"];
        if (Forbidden.Contains(resource))
        {
            return resource == "clusterroles"
                ? new Replay(403, Recording("forbidden-clusterroles.json"))
                : new Replay(403, Status(403, "Forbidden", $"{resource} is forbidden: User \"system:serviceaccount:audit:stockade\" cannot list resource \"{resource}\""));
        }
        if (Lists.TryGetValue(resource, out var listed)) return listed;
        switch (resource)
        {
            case "namespaces":
                return new Replay(200, Recording("namespaces.json"));
            case "deployments":
                return new Replay(200, Recording(cont == DeploymentsContinue ? "deployments-page2.json" : "deployments-page1.json"));
            case "pods":
                if (cont == null) return new Replay(200, Recording("pods-page1.json").Replace("CONTINUE", _podsTokenExpired || !ExpirePodsTokenOnce ? FreshPodsToken : ExpiringPodsToken));
                if (cont == ExpiringPodsToken)
                {
                    _podsTokenExpired = true;
                    return new Replay(410, Recording("gone.json"));
                }
                return new Replay(200, Recording("pods-page2.json"));
            default:
                return new Replay(200, """{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"48213"},"items":[]}""");
        }
    }

    /// <summary>The resources each group/version serves (kind, resource, namespaced), as discovery lists them.</summary>
    private static readonly Dictionary<string, string> Served = new(StringComparer.Ordinal)
    {
        ["v1"] = "Namespace namespaces c,Pod pods n,Service services n,ConfigMap configmaps n,ServiceAccount serviceaccounts n,ResourceQuota resourcequotas n,LimitRange limitranges n",
        ["apps/v1"] = "Deployment deployments n,StatefulSet statefulsets n,DaemonSet daemonsets n,ReplicaSet replicasets n",
        ["batch/v1"] = "Job jobs n,CronJob cronjobs n",
        ["rbac.authorization.k8s.io/v1"] = "Role roles n,RoleBinding rolebindings n,ClusterRole clusterroles c,ClusterRoleBinding clusterrolebindings c",
        ["networking.k8s.io/v1"] = "NetworkPolicy networkpolicies n,Ingress ingresses n",
        ["admissionregistration.k8s.io/v1"] = "ValidatingAdmissionPolicy validatingadmissionpolicies c,ValidatingAdmissionPolicyBinding validatingadmissionpolicybindings c",
        ["example.com/v1"] = "Widget widgets n",
    };

    private static string? Discovery(string path)
    {
        if (path == "/api") return """{"kind":"APIVersions","versions":["v1"]}""";
        if (path == "/apis")
        {
            var groups = Served.Keys.Where(k => k.Contains('/')).Select(k => k.Split('/'))
                .Select(g => "{\"name\":\"" + g[0] + "\",\"versions\":[{\"groupVersion\":\"" + g[0] + "/" + g[1] + "\",\"version\":\"" + g[1] + "\"}],\"preferredVersion\":{\"groupVersion\":\"" + g[0] + "/" + g[1] + "\",\"version\":\"" + g[1] + "\"}}");
            return $$"""{"kind":"APIGroupList","apiVersion":"v1","groups":[{{string.Join(",", groups)}}]}""";
        }
        var groupVersion = path == "/api/v1" ? "v1" : path.StartsWith("/apis/", StringComparison.Ordinal) && path.Count(c => c == '/') == 3 ? path["/apis/".Length..] : null;
        if (groupVersion == null || !Served.TryGetValue(groupVersion, out var kinds)) return null;
        var resources = kinds.Split(',').Select(k => k.Split(' '))
            .Select(k => Resource(k[1], k[0], k[2] == "n", "\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"") + "," + Resource(k[1] + "/status", k[0], k[2] == "n", "\"get\",\"patch\",\"update\""));
        return $$"""{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"{{groupVersion}}","resources":[{{string.Join(",", resources)}}]}""";
    }

    private static string Resource(string name, string kind, bool namespaced, string verbs) =>
        "{\"name\":\"" + name + "\",\"namespaced\":" + (namespaced ? "true" : "false") + ",\"kind\":\"" + kind + "\",\"verbs\":[" + verbs + "]}";

    private static string Status(int code, string reason, string message) =>
        $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message.Replace("\"", "\\\"")}}","reason":"{{reason}}","code":{{code}}}""";
}
