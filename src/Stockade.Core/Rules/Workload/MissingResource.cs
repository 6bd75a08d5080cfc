using Stockade.Engine;
using Stockade.Kube;

namespace Stockade.Rules.Workload;

/// <summary>Requests or limits, the two lists of a container's <c>resources</c>.</summary>
public enum ResourceList
{
    Requests,
    Limits,
}

/// <summary>
/// The check shared by the four requests/limits rules: every container and init container must
/// declare the resource. Ephemeral containers are left out: the API forbids resources on them.
/// </summary>
public static class MissingResource
{
    public static void Check(PodSubject pod, RuleContext context, string resource, ResourceList list)
    {
        foreach (var container in pod.Spec.InitContainers.Concat(pod.Spec.Containers))
        {
            var resources = container.Resources;
            var limit = resources?.Limits?[resource] ?? default;
            // The API server defaults a missing request to the limit, so a limit also sets the request.
            var declared = list == ResourceList.Limits ? limit.IsSet : limit.IsSet || (resources?.Requests?[resource] ?? default).IsSet;
            if (declared) continue;

            var key = list == ResourceList.Limits ? "limits" : "requests";
            var mapping = list == ResourceList.Limits ? resources?.Limits : resources?.Requests;
            var position = mapping?.Position ?? resources?.Position ?? container.Position;
            var path = FieldPaths.Join(FieldPaths.Join(FieldPaths.Join(container.Path, "resources"), key), resource);
            context.Report(position, path, $"container \"{container.DisplayName}\" has no {resource} {(list == ResourceList.Limits ? "limit" : "request")} (resources.{key}.{resource} is not set)", container);
        }
    }
}
