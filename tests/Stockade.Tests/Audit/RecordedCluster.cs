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

    /// <summary>When false, the pods token never expires.</summary>
    public bool ExpirePodsTokenOnce { get; init; } = true;

    public static string Recording(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Stockade.Tests", "Audit", "Replay", name));

    [GeneratedRegex(@"^/(?:api/v1|apis/[^/]+/v1)(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[a-z]+)$")]
    private static partial Regex ListPath();

    public Replay Handle(HttpListenerRequest request)
    {
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

    private static string Status(int code, string reason, string message) =>
        $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message.Replace("\"", "\\\"")}}","reason":"{{reason}}","code":{{code}}}""";
}
